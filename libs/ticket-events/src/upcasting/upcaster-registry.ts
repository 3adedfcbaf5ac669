import { RawEnvelope } from '../envelope/envelope';

/** Turns the data of `type@fromVersion` into the data of `type@fromVersion + 1`. Pure. */
export type Upcaster = (
  data: Record<string, unknown>,
  envelope: RawEnvelope,
) => Record<string, unknown>;

/**
 * Upcasters per `type@version`. Reading an old event walks the chain one version at a time,
 * so each upcaster only knows two neighbouring versions.
 */
export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    const key = `${type}@${fromVersion}`;
    if (this.upcasters.has(key)) throw new Error(`An upcaster for ${key} is already registered`);
    this.upcasters.set(key, upcaster);
    return this;
  }

  /** Brings the envelope up to `targetVersion`, or says which step is missing. */
  upcast(
    envelope: RawEnvelope,
    targetVersion: number,
  ): { ok: true; envelope: RawEnvelope } | { ok: false; reason: string } {
    let current = envelope;
    while (current.schemaVersion < targetVersion) {
      const upcaster = this.upcasters.get(`${current.type}@${current.schemaVersion}`);
      if (!upcaster) {
        return {
          ok: false,
          reason: `no upcaster from ${current.type}@${current.schemaVersion} towards version ${targetVersion}`,
        };
      }
      current = {
        ...current,
        schemaVersion: current.schemaVersion + 1,
        data: upcaster(current.data, current),
      };
    }
    return { ok: true, envelope: current };
  }
}
