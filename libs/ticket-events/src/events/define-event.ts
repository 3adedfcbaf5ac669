import { z } from 'zod';
import { Envelope } from '../envelope/envelope';

/** One version of one event type: its name, its schema version and the schema of its data. */
export interface EventDefinition<Type extends string, Data extends z.ZodType> {
  readonly type: Type;
  readonly version: number;
  readonly data: Data;
}

export function defineEvent<Type extends string, Data extends z.ZodType>(
  type: Type,
  version: number,
  data: Data,
): EventDefinition<Type, Data> {
  return { type, version, data };
}

export type EventOf<Definition> =
  Definition extends EventDefinition<infer Type, infer Data>
    ? Envelope<Type, z.infer<Data>>
    : never;
