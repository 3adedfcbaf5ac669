import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A category of the contact guide: the words, questions and things to have at hand. */
@Entity('contact_guide_categories')
export class ContactGuideCategory {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;

  @Column('jsonb')
  questions!: string[];

  @Column('jsonb', { name: 'have_at_hand' })
  haveAtHand!: string[];

  /** Order in the guide (ascending). */
  @Column('integer')
  position!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
