import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { TriageTables } from '../triage-tables';
import { anyWordQuery } from './any-word-query';

export interface KnowledgeArticle {
  id: string;
  title: string;
  symptoms: string;
  solution: string;
  tags: string[];
  author: string;
  createdAt: string;
}

export type KnowledgeArticleSummary = Pick<KnowledgeArticle, 'id' | 'title' | 'symptoms' | 'tags'>;

export interface RankedArticle extends KnowledgeArticleSummary {
  rank: number;
}

export interface ArticleSearch {
  /** `all`: every word of the query matched; `any`: nothing did, so any word was enough. */
  match: 'all' | 'any';
  items: RankedArticle[];
}

export interface NewKnowledgeArticle {
  title: string;
  symptoms: string;
  solution: string;
  tags: string[];
}

interface ArticleRow {
  id: string;
  title: string;
  symptoms: string;
  solution: string;
  tags: string[];
  author: string;
  created_at: Date;
}

type RankedRow = Pick<ArticleRow, 'id' | 'title' | 'symptoms' | 'tags'> & { rank: number };

/** The knowledge base: full-text search over title, symptoms and solution. */
@Injectable()
export class KnowledgeArticles {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: TriageTables,
  ) {}

  /**
   * Web-search syntax (`vpn timeout`, `"no signal"`, `printer -toner`). A query no article
   * matches in full is retried with any of its words, rather than answering nothing.
   */
  async search(text: string | undefined, limit: number): Promise<ArticleSearch> {
    if (!text?.trim()) return { match: 'all', items: await this.list(limit) };
    const all = await this.ranked(`websearch_to_tsquery('english', $1)`, text, limit);
    if (all.length > 0) return { match: 'all', items: all };
    const anyWord = anyWordQuery(text);
    return {
      match: 'any',
      items: anyWord ? await this.ranked(`to_tsquery('english', $1)`, anyWord, limit) : [],
    };
  }

  /** Articles ranked against free text (a ticket's summary and description), any word counting. */
  async suggest(text: string, limit: number): Promise<RankedArticle[]> {
    const anyWord = anyWordQuery(text);
    return anyWord ? this.ranked(`to_tsquery('english', $1)`, anyWord, limit) : [];
  }

  async find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<KnowledgeArticle | undefined> {
    const rows: ArticleRow[] = await manager.query(
      `SELECT id, title, symptoms, solution, tags, author, created_at
       FROM ${this.tables.articles} WHERE id = $1`,
      [id],
    );
    return rows[0] && toArticle(rows[0]);
  }

  /** Whole articles (with their solutions) in the order of `ids`; unknown ids are left out. */
  async findMany(ids: readonly string[]): Promise<KnowledgeArticle[]> {
    if (ids.length === 0) return [];
    const rows: ArticleRow[] = await this.dataSource.query(
      `SELECT id, title, symptoms, solution, tags, author, created_at
       FROM ${this.tables.articles} WHERE id = ANY($1)`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, toArticle(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async create(article: NewKnowledgeArticle, author: string): Promise<KnowledgeArticle> {
    const rows: ArticleRow[] = await this.dataSource.query(
      `INSERT INTO ${this.tables.articles} (id, title, symptoms, solution, tags, author)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, title, symptoms, solution, tags, author, created_at`,
      [
        articleId(article.title),
        article.title,
        article.symptoms,
        article.solution,
        article.tags,
        author,
      ],
    );
    const [created] = rows;
    if (!created) throw new Error('the new knowledge article was not returned');
    return toArticle(created);
  }

  private async list(limit: number): Promise<RankedArticle[]> {
    const rows: RankedRow[] = await this.dataSource.query(
      `SELECT id, title, symptoms, tags, 0::real AS rank
       FROM ${this.tables.articles} ORDER BY title LIMIT $1`,
      [limit],
    );
    return rows;
  }

  /** `tsquery` is SQL building the query from $1; the text itself is always a parameter. */
  private async ranked(tsquery: string, text: string, limit: number): Promise<RankedArticle[]> {
    const rows: RankedRow[] = await this.dataSource.query(
      `SELECT id, title, symptoms, tags, ts_rank(search, query) AS rank
       FROM ${this.tables.articles}, ${tsquery} AS query
       WHERE search @@ query
       ORDER BY rank DESC, title
       LIMIT $2`,
      [text, limit],
    );
    return rows;
  }
}

/** Readable and stable, since resolutions cite it: `kb-<title slug>-<6 hex>`. */
function articleId(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `kb-${slug || 'article'}-${randomBytes(3).toString('hex')}`;
}

function toArticle(row: ArticleRow): KnowledgeArticle {
  return {
    id: row.id,
    title: row.title,
    symptoms: row.symptoms,
    solution: row.solution,
    tags: row.tags,
    author: row.author,
    createdAt: row.created_at.toISOString(),
  };
}
