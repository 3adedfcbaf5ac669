import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';
import { SEED_ARTICLES } from '../knowledge-base/seed-articles';

/** The first articles of the knowledge base: the problems level 1 meets every day. */
export class KnowledgeArticlesSeed1764100000002 implements MigrationInterface {
  name = 'KnowledgeArticlesSeed1764100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO ${schemaOf(queryRunner)}.knowledge_articles (id, title, symptoms, solution, tags, author)
       SELECT id, title, symptoms, solution, string_to_array(tags, ','), 'seed'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         AS seed(id, title, symptoms, solution, tags)`,
      [
        SEED_ARTICLES.map((article) => article.id),
        SEED_ARTICLES.map((article) => article.title),
        SEED_ARTICLES.map((article) => article.symptoms),
        SEED_ARTICLES.map((article) => article.solution),
        SEED_ARTICLES.map((article) => article.tags.join(',')),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM ${schemaOf(queryRunner)}.knowledge_articles WHERE id = ANY($1::text[])`,
      [SEED_ARTICLES.map((article) => article.id)],
    );
  }
}
