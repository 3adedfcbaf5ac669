/** The HTTP server under intake's controllers. */
export type EdgeAdapter = 'node' | 'express' | 'fastify';

/** What checks a ticket's body: nothing (the floor), the product's DTO, or a zod schema of it. */
export type EdgeValidator = 'none' | 'class-validator' | 'zod';

/** Middleware of the product's edge that a variant adds on top of the bare edge. */
export type EdgeLayer = 'helmet' | 'request-log' | 'metrics' | 'as-today';

export interface EdgeVariant {
  id: string;
  /** `(a)`..`(d)` for the four the issue compares; the ratios are against `(a)`. */
  label: string;
  adapter: EdgeAdapter;
  validator: EdgeValidator;
  layers: readonly EdgeLayer[];
  describe: string;
}

/**
 * The bare edge of every Nest variant: a 64 kB JSON body parser, the JSON depth check, the
 * validation with whitelist and forbidNonWhitelisted, an API key guard answered from memory (as
 * intake's cache answers it), the correlation id, and a handler that answers a fixed 201.
 */
export const EDGE_VARIANTS: readonly EdgeVariant[] = [
  {
    id: 'node-http',
    label: 'floor',
    adapter: 'node',
    validator: 'none',
    layers: [],
    describe: 'node:http alone: read the body, JSON.parse, answer the fixed 201 (no Nest)',
  },
  {
    id: 'express-class-validator',
    label: '(a)',
    adapter: 'express',
    validator: 'class-validator',
    layers: [],
    describe: 'Express + ValidationPipe on CreateTicketDto (what intake runs)',
  },
  {
    id: 'fastify-class-validator',
    label: '(b)',
    adapter: 'fastify',
    validator: 'class-validator',
    layers: [],
    describe: 'Fastify (@nestjs/platform-fastify) + the same ValidationPipe',
  },
  {
    id: 'express-zod',
    label: '(c)',
    adapter: 'express',
    validator: 'zod',
    layers: [],
    describe: 'Express + a zod 4 schema of CreateTicketDto in a pipe',
  },
  {
    id: 'fastify-zod',
    label: '(d)',
    adapter: 'fastify',
    validator: 'zod',
    layers: [],
    describe: 'Fastify + the zod pipe',
  },
  {
    id: 'express-class-validator-helmet',
    label: '(a) + helmet',
    adapter: 'express',
    validator: 'class-validator',
    layers: ['helmet'],
    describe: '(a) with helmet as configureHttp sets it up',
  },
  {
    id: 'express-class-validator-request-log',
    label: '(a) + request log',
    adapter: 'express',
    validator: 'class-validator',
    layers: ['request-log'],
    describe: '(a) with the pino-http request log (a JSON line a request, to /dev/null)',
  },
  {
    id: 'express-class-validator-metrics',
    label: '(a) + metrics',
    adapter: 'express',
    validator: 'class-validator',
    layers: ['metrics'],
    describe: '(a) with HttpMetricsMiddleware (the prom-client request histogram)',
  },
  {
    id: 'express-as-today',
    label: '(a) as today',
    adapter: 'express',
    validator: 'class-validator',
    layers: ['as-today'],
    describe:
      'the request log, configureHttp itself (helmet, JSON, form and text parsers, trust ' +
      'proxy, cookie-parser, ValidationPipe, errors filter, OpenAPI docs) and the metrics',
  },
];

/** The variant the others are compared with: (a). */
export const BASELINE_VARIANT = 'express-class-validator';

export function edgeVariant(id: string): EdgeVariant {
  const variant = EDGE_VARIANTS.find((candidate) => candidate.id === id);
  if (!variant) throw new Error(`unknown edge variant "${id}"`);
  return variant;
}
