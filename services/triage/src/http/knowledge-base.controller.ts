import {
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentTechnician, Technician } from '@helpdesk/event-log-nest';
import {
  ArticleSearch,
  KnowledgeArticle,
  KnowledgeArticles,
} from '../read-model/knowledge-base/knowledge-articles';
import {
  ArticleSearchQueryDto,
  CreateKnowledgeArticleDto,
  KNOWLEDGE_ARTICLE_ID,
} from './knowledge-article.dto';
import { Level1Access } from './level1-access.decorator';
import { ArticleSearchResponse, KnowledgeArticleResponse } from './responses';
import { SupervisorGuard } from './supervisor.guard';

@ApiTags('level 1: knowledge base')
@Level1Access()
@Controller('api/v1/knowledge-base')
export class KnowledgeBaseController {
  constructor(private readonly articles: KnowledgeArticles) {}

  @Get()
  @ApiOperation({ summary: 'Full-text search of the knowledge base, best match first' })
  @ApiOkResponse({ type: ArticleSearchResponse })
  search(@Query() query: ArticleSearchQueryDto): Promise<ArticleSearch> {
    return this.articles.search(query.q, query.limit);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One article, with its solution' })
  @ApiOkResponse({ type: KnowledgeArticleResponse })
  @ApiNotFoundResponse({ description: 'No such article' })
  async article(@Param('id') id: string): Promise<KnowledgeArticle> {
    const article = KNOWLEDGE_ARTICLE_ID.test(id) ? await this.articles.find(id) : undefined;
    if (!article) throw new NotFoundException(`knowledge article ${id} not found`);
    return article;
  }

  @Post()
  @UseGuards(SupervisorGuard)
  @ApiOperation({ summary: 'Write a new article (supervisors)' })
  @ApiCreatedResponse({ type: KnowledgeArticleResponse })
  @ApiBadRequestResponse({ description: 'A malformed body; the message names the field' })
  @ApiForbiddenResponse({ description: 'Not a supervisor' })
  create(
    @Body() body: CreateKnowledgeArticleDto,
    @CurrentTechnician() technician: Technician,
  ): Promise<KnowledgeArticle> {
    return this.articles.create(
      { title: body.title, symptoms: body.symptoms, solution: body.solution, tags: body.tags },
      technician.id,
    );
  }
}
