import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Clock } from '@helpdesk/event-log-nest';
import { Specialist } from '../read-model/level3.entities';
import { SpecialistView } from '../read-model/level3.views';

const UNIQUE_VIOLATION = '23505';

/** The specialists of level 3 and their domains: who may take which tickets. */
@Injectable()
export class SpecialistDirectory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async register(specialist: {
    id: string;
    name: string;
    domains: string[];
  }): Promise<SpecialistView> {
    const row: Specialist = {
      ...specialist,
      domains: [...new Set(specialist.domains)],
      createdAt: this.clock.now(),
    };
    try {
      await this.dataSource.manager.insert(Specialist, row);
    } catch (error) {
      const code =
        error instanceof QueryFailedError
          ? (error.driverError as { code?: string }).code
          : undefined;
      if (code === UNIQUE_VIOLATION) {
        throw new ConflictException(`specialist ${specialist.id} is already registered`);
      }
      throw error;
    }
    return view(row);
  }

  async list(): Promise<SpecialistView[]> {
    const rows = await this.dataSource.manager.find(Specialist, {
      order: { name: 'ASC', id: 'ASC' },
    });
    return rows.map(view);
  }

  /** The domains of the technician, or null when they are not a specialist (for a command). */
  async skillsOf(manager: EntityManager, technicianId: string): Promise<readonly string[] | null> {
    const specialist = await manager.findOneBy(Specialist, { id: technicianId });
    return specialist?.domains ?? null;
  }
}

function view(specialist: Specialist): SpecialistView {
  return {
    id: specialist.id,
    name: specialist.name,
    domains: specialist.domains,
    createdAt: specialist.createdAt.toISOString(),
  };
}
