import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { IntakeSettings } from '../intake.settings';
import { ContactGuideCategory } from './contact-guide-category.entity';
import { IntakeStateChanges, StateCache } from './state-changes';

export interface CategoryContent {
  name: string;
  description: string;
  questions: string[];
  haveAtHand: string[];
  position?: number;
}

/**
 * The contact guide: what the intake form and the portal ask, category by category. Held in
 * memory, in order; a change on any replica drops every replica's copy (ADR 17).
 */
@Injectable()
export class ContactGuideService {
  private readonly guide: StateCache<readonly ContactGuideCategory[]>;

  constructor(
    @InjectRepository(ContactGuideCategory)
    private readonly categories: Repository<ContactGuideCategory>,
    private readonly dataSource: DataSource,
    private readonly changes: IntakeStateChanges,
    private readonly settings: IntakeSettings,
  ) {
    this.guide = new StateCache(changes, 'contact-guide', () =>
      this.categories.find({ order: { position: 'ASC', id: 'ASC' } }),
    );
  }

  async list(): Promise<ContactGuideCategory[]> {
    return [...(await this.guide.get())];
  }

  async exists(id: string): Promise<boolean> {
    return (await this.guide.get()).some((category) => category.id === id);
  }

  async ids(): Promise<string[]> {
    return (await this.guide.get()).map((category) => category.id);
  }

  /** Creates or replaces a category; a new one without a position goes last. */
  async upsert(
    id: string,
    content: CategoryContent,
  ): Promise<{ category: ContactGuideCategory; created: boolean }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(ContactGuideCategory, { id });
      const position =
        content.position ??
        existing?.position ??
        (await this.nextPosition(manager.getRepository(ContactGuideCategory)));
      const category = await manager.save(
        manager.create(ContactGuideCategory, {
          id,
          name: content.name,
          description: content.description,
          questions: content.questions,
          haveAtHand: content.haveAtHand,
          position,
        }),
      );
      await this.changes.announce(manager, 'contact-guide');
      return { category, created: !existing };
    });
    this.changes.changed('contact-guide');
    return outcome;
  }

  async remove(id: string): Promise<void> {
    if (id === this.settings.EMAIL_DEFAULT_CATEGORY) {
      throw new ConflictException(
        `category ${id} is where tickets from email go (EMAIL_DEFAULT_CATEGORY): change that first`,
      );
    }
    const affected = await this.dataSource.transaction(async (manager) => {
      const deleted = await manager.delete(ContactGuideCategory, { id });
      if (deleted.affected) await this.changes.announce(manager, 'contact-guide');
      return deleted.affected;
    });
    this.changes.changed('contact-guide');
    if (!affected) throw new NotFoundException(`category ${id} not found`);
  }

  private async nextPosition(categories: Repository<ContactGuideCategory>): Promise<number> {
    const last = await categories.findOne({ where: {}, order: { position: 'DESC' } });
    return (last?.position ?? 0) + 10;
  }
}
