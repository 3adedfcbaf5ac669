import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { KnowledgeArticles, RankedArticle } from '../read-model/knowledge-base/knowledge-articles';
import { Level1QueueQueries, TicketView } from '../read-model/level1-queue.queries';
import { SuggestionQueryDto } from './knowledge-article.dto';
import { Level1Access } from './level1-access.decorator';
import { SuggestedArticlesResponse, TicketResponse } from './responses';

@ApiTags('level 1: tickets')
@ApiParam({ name: 'id', format: 'uuid', description: 'The ticket' })
@Level1Access()
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(
    private readonly queries: Level1QueueQueries,
    private readonly articles: KnowledgeArticles,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'A ticket as level 1 sees it, with its timeline' })
  @ApiOkResponse({ type: TicketResponse })
  @ApiNotFoundResponse({ description: 'No such ticket' })
  async ticket(@Param('id', ParseUUIDPipe) id: string): Promise<TicketView> {
    const ticket = await this.queries.ticket(id);
    if (!ticket) throw new NotFoundException(`ticket ${id} not found`);
    return ticket;
  }

  @Get(':id/suggested-articles')
  @ApiOperation({
    summary: "Knowledge-base articles closest to the ticket's summary and description",
  })
  @ApiOkResponse({ type: SuggestedArticlesResponse })
  @ApiNotFoundResponse({ description: 'No such ticket' })
  async suggestedArticles(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: SuggestionQueryDto,
  ): Promise<{ items: RankedArticle[] }> {
    const wording = await this.queries.wording(id);
    if (wording === undefined) throw new NotFoundException(`ticket ${id} not found`);
    return { items: await this.articles.suggest(wording, query.limit) };
  }
}
