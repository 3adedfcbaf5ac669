import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IntakeSettings } from '../intake.settings';
import { ContactGuideCategory } from './contact-guide-category.entity';

export interface CategoryContent {
  name: string;
  description: string;
  questions: string[];
  haveAtHand: string[];
  position?: number;
}

/** The contact guide: what the intake form and the portal ask, category by category. */
@Injectable()
export class ContactGuideService {
  constructor(
    @InjectRepository(ContactGuideCategory)
    private readonly categories: Repository<ContactGuideCategory>,
    private readonly settings: IntakeSettings,
  ) {}

  list(): Promise<ContactGuideCategory[]> {
    return this.categories.find({ order: { position: 'ASC', id: 'ASC' } });
  }

  async exists(id: string): Promise<boolean> {
    return this.categories.existsBy({ id });
  }

  async ids(): Promise<string[]> {
    return (await this.list()).map((category) => category.id);
  }

  /** Creates or replaces a category; a new one without a position goes last. */
  async upsert(
    id: string,
    content: CategoryContent,
  ): Promise<{ category: ContactGuideCategory; created: boolean }> {
    const existing = await this.categories.findOneBy({ id });
    const position = content.position ?? existing?.position ?? (await this.nextPosition());
    const category = await this.categories.save(
      this.categories.create({
        id,
        name: content.name,
        description: content.description,
        questions: content.questions,
        haveAtHand: content.haveAtHand,
        position,
      }),
    );
    return { category, created: !existing };
  }

  async remove(id: string): Promise<void> {
    if (id === this.settings.EMAIL_DEFAULT_CATEGORY) {
      throw new ConflictException(
        `category ${id} is where tickets from email go (EMAIL_DEFAULT_CATEGORY): change that first`,
      );
    }
    const { affected } = await this.categories.delete({ id });
    if (!affected) throw new NotFoundException(`category ${id} not found`);
  }

  private async nextPosition(): Promise<number> {
    const last = await this.categories.findOne({ where: {}, order: { position: 'DESC' } });
    return (last?.position ?? 0) + 10;
  }
}
