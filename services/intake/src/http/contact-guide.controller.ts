import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Put,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Response } from 'express';
import { ContactGuideCategory } from '../application/contact-guide-category.entity';
import { ContactGuideService } from '../application/contact-guide.service';
import { AdminTokenGuard } from '../integrators/admin-token.guard';
import { ContactGuideCategoryDto } from './dto/admin.dto';
import { ContactGuideCategoryView, ContactGuideView } from './dto/views';

const CATEGORY_ID = /^[a-z0-9][a-z0-9-]{0,49}$/;

/** The contact guide, public: it is what helps employees put words on their problem. */
@ApiTags('contact guide')
@Controller('api/v1/contact-guide')
export class ContactGuideController {
  constructor(private readonly guide: ContactGuideService) {}

  @Get()
  @ApiOperation({ summary: 'Categories, their guiding questions and what to have at hand' })
  @ApiOkResponse({ type: ContactGuideView })
  async list(): Promise<ContactGuideView> {
    return { categories: (await this.guide.list()).map(categoryView) };
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong ADMIN_API_TOKEN' })
@Controller('api/v1/admin/contact-guide/categories')
@UseGuards(AdminTokenGuard)
export class AdminContactGuideController {
  constructor(private readonly guide: ContactGuideService) {}

  @Put(':id')
  @ApiOperation({ summary: 'Create or replace a category' })
  @ApiParam({ name: 'id', example: 'network-vpn', description: 'lower-case letters, digits, -' })
  @ApiOkResponse({ type: ContactGuideCategoryView, description: 'Replaced' })
  @ApiCreatedResponse({ type: ContactGuideCategoryView, description: 'Created' })
  async upsert(
    @Param('id') id: string,
    @Body() body: ContactGuideCategoryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ContactGuideCategoryView> {
    const { category, created } = await this.guide.upsert(categoryId(id), body);
    response.status(created ? 201 : 200);
    return categoryView(category);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a category (tickets keep theirs)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'It is EMAIL_DEFAULT_CATEGORY' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.guide.remove(categoryId(id));
  }
}

function categoryId(id: string): string {
  if (!CATEGORY_ID.test(id)) throw new NotFoundException(`category ${id} not found`);
  return id;
}

function categoryView(category: ContactGuideCategory): ContactGuideCategoryView {
  return {
    id: category.id,
    name: category.name,
    description: category.description,
    questions: category.questions,
    haveAtHand: category.haveAtHand,
    position: category.position,
  };
}
