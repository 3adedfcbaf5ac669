import 'reflect-metadata';
import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, fieldNestedTooDeep } from '@helpdesk/event-log-nest';
// eslint-disable-next-line @nx/enforce-module-boundaries -- intake's own hostile bodies and oracle
import { ticketBody } from '../../../../services/intake/test/support/hostile-input';
import { ticketRequest } from '../payloads';
import { CreateTicketDto } from './product-edge';
import { ZodBodyPipe, messagesOf, CreateTicketSchema } from './ticket-schema';

const BODY: ArgumentMetadata = { type: 'body', metatype: CreateTicketDto, data: '' };

type Outcome = { accepted: unknown } | { refused: string[] };

async function outcomeOf(run: () => unknown): Promise<Outcome> {
  try {
    // As JSON, like the answer: a DTO instance and zod's plain object compare by their fields.
    return { accepted: JSON.parse(JSON.stringify(await run())) as unknown };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    const { message } = error.getResponse() as { message: string | string[] };
    return { refused: [message].flat() };
  }
}

const classValidator = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
});
const zod = new ZodBodyPipe();

/** Each pipe gets its own copy: ValidationPipe deletes prototype keys in place. */
function bothOn(text: string): Promise<[Outcome, Outcome]> {
  return Promise.all([
    outcomeOf(() => classValidator.transform(JSON.parse(text), BODY)),
    outcomeOf(() => zod.transform(JSON.parse(text), BODY)),
  ]);
}

describe('the zod schema of CreateTicketDto', () => {
  it('accepts what the DTO accepts, as the DTO returns it (trimmed)', async () => {
    const body = { ...ticketRequest(2, 'network-vpn'), summary: '  VPN drops  ' };
    const [dto, schema] = await bothOn(JSON.stringify(body));
    expect(schema).toEqual(dto);
    expect(schema).toMatchObject({ accepted: { summary: 'VPN drops' } });
  });

  it('refuses with the messages intake’s tests pin', async () => {
    const valid = ticketRequest(1, 'network-vpn');
    const [, unknown] = await bothOn(JSON.stringify({ ...valid, assignee: 'x' }));
    expect(unknown).toEqual({ refused: ['property assignee should not exist'] });
    const [, nested] = await bothOn(
      JSON.stringify({ ...valid, requester: { ...valid.requester, mobile: '1' } }),
    );
    expect(nested).toEqual({ refused: ['requester.property mobile should not exist'] });
  });

  it('drops the keys the product drops without a word', async () => {
    const text = JSON.stringify(ticketRequest(3, 'network-vpn')).replace(
      /^\{/,
      '{"__proto__":{"admin":true},"toString":"x",',
    );
    const [dto, schema] = await bothOn(text);
    expect(dto).toHaveProperty('accepted');
    expect(schema).toEqual(dto);
  });

  it('decides every hostile body of intake’s suite as the DTO does, naming the same fields', async () => {
    await fc.assert(
      fc.asyncProperty(ticketBody({ channel: true }), async (body) => {
        const parsed: unknown = JSON.parse(body.text);
        // The depth check refuses those before either pipe sees them.
        fc.pre(fieldNestedTooDeep(parsed, MAX_JSON_DEPTH) === undefined);
        const [dto, schema] = await bothOn(body.text);
        if ('accepted' in dto) {
          expect(schema).toEqual(dto);
          return;
        }
        expect(schema).toHaveProperty('refused');
        const refused = 'refused' in schema ? schema.refused : [];
        expect(fieldsOf(refused)).toEqual(fieldsOf(dto.refused));
        // zod stops at a field's first failed check, class-validator lists them all; a
        // requester that is an array gets messages of its own from class-validator.
        const requester = (parsed as { requester?: unknown }).requester;
        if (!Array.isArray(requester)) {
          for (const message of refused) expect(dto.refused).toContain(message);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives each issue a message naming its path', () => {
    const parsed = CreateTicketSchema.safeParse({ requester: { name: 'x', email: 'a@b.co' } });
    expect(parsed.success).toBe(false);
    expect(messagesOf(parsed.error?.issues ?? [])).toContain(
      'impact must be one of the following values: low, medium, high',
    );
  });
});

/** The fields of the body the messages name: `requester.email` and `requester.property x` → `requester`. */
function fieldsOf(messages: readonly string[]): string[] {
  const fields = messages.map((message) => {
    const unknown = /^property (.*) should not exist$/.exec(message);
    if (unknown) return unknown[1] ?? '';
    const nested = /^nested property (\S+) must be/.exec(message);
    if (nested) return nested[1] ?? '';
    return message.split(/[. ]/)[0] ?? '';
  });
  return [...new Set(fields)].sort();
}
