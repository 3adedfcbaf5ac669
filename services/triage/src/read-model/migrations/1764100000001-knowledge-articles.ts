import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

/**
 * The knowledge base: level 1's guide of solutions to the most frequent problems. Authored
 * here, not folded from the log, so a read-model rebuild leaves it alone. `search` weighs
 * the title above the symptoms above the solution.
 */
export class KnowledgeArticles1764100000001 implements MigrationInterface {
  name = 'KnowledgeArticles1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}.knowledge_articles (
      id text PRIMARY KEY,
      title text NOT NULL,
      symptoms text NOT NULL,
      solution text NOT NULL,
      tags text[] NOT NULL DEFAULT '{}',
      author text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', symptoms), 'B') ||
        setweight(to_tsvector('english', solution), 'C')) STORED)`);
    await queryRunner.query(
      `CREATE INDEX knowledge_articles_search ON ${schema}.knowledge_articles USING gin (search)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.knowledge_articles`);
  }
}
