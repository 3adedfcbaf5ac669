import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  applyDecorators,
} from '@nestjs/common';
import { Clock, CurrentViewer, DashboardPage, Viewer } from '@helpdesk/event-log-nest';
import { PriorityMatrix } from '@helpdesk/ticket-lifecycle';
import { PRIORITY_MATRIX } from '../application/priority-matrix.provider';
import { KnowledgeArticles } from '../read-model/knowledge-base/knowledge-articles';
import { Level1QueueQueries } from '../read-model/level1-queue.queries';
import { AGES, KnowledgeBaseSearchDto, QueueFiltersDto } from './dashboard-forms.dto';
import { knowledgeBasePage } from './knowledge-base.page';
import { queuePage } from './queue.page';
import { ticketPage } from './ticket.page';

/** The most tickets the queue page lists; the counts still tell how many there are. */
const QUEUE_PAGE_LIMIT = 200;
const SUGGESTIONS = 5;
const SEARCH_RESULTS = 25;

/** A ticket id that is not a UUID names no ticket: the same 404 page as an unknown one. */
export const DashboardTicketId = new ParseUUIDPipe({
  exceptionFactory: () => new NotFoundException('There is no such ticket.'),
});

/** An HTML page, built for this technician: never cached (it carries their CSRF token). */
function HtmlPage(): MethodDecorator {
  return applyDecorators(
    Header('Content-Type', 'text/html; charset=utf-8'),
    Header('Cache-Control', 'no-store'),
  );
}

/** Level 1's pages: the queue, a ticket, the knowledge base. The forms post to Level1FormsController. */
@DashboardPage()
@Controller('dashboard')
export class Level1DashboardController {
  constructor(
    private readonly queries: Level1QueueQueries,
    private readonly articles: KnowledgeArticles,
    private readonly clock: Clock,
    @Inject(PRIORITY_MATRIX) private readonly matrix: PriorityMatrix,
  ) {}

  @Get()
  @HtmlPage()
  async queue(@Query() filters: QueueFiltersDto, @CurrentViewer() viewer: Viewer): Promise<string> {
    const now = this.clock.now();
    const queue = await this.queries.queue({
      priority: filters.priority,
      status: filters.status,
      assignee:
        filters.assignee === 'me' ? { technicianId: viewer.technician.id } : filters.assignee,
      submittedBefore: filters.age && new Date(now.getTime() - AGES[filters.age]),
      sort: filters.sort,
      limit: QUEUE_PAGE_LIMIT,
    });
    return queuePage({ viewer, queue, filters, limit: QUEUE_PAGE_LIMIT, now }).markup;
  }

  @Get('tickets/:id')
  @HtmlPage()
  async ticket(
    @Param('id', DashboardTicketId) id: string,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const [ticket, wording] = await Promise.all([
      this.queries.ticket(id),
      this.queries.wording(id),
    ]);
    if (!ticket || wording === undefined) throw new NotFoundException('There is no such ticket.');
    const ranked = await this.articles.suggest(wording, SUGGESTIONS);
    const suggestions = await this.articles.findMany(ranked.map((article) => article.id));
    return ticketPage({ viewer, ticket, suggestions, matrix: this.matrix, now: this.clock.now() })
      .markup;
  }

  @Get('knowledge-base')
  @HtmlPage()
  async knowledgeBase(
    @Query() query: KnowledgeBaseSearchDto,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const [search, ticket] = await Promise.all([
      this.articles.search(query.q, SEARCH_RESULTS),
      query.ticket ? this.queries.ticket(query.ticket) : undefined,
    ]);
    const articles = await this.articles.findMany(search.items.map((article) => article.id));
    return knowledgeBasePage({ viewer, q: query.q, match: search.match, articles, ticket }).markup;
  }
}
