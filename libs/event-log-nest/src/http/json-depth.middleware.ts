import { BadRequestException, Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

/** Far deeper than any body of the APIs (a ticket nests two levels), far short of the stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses a JSON body nested deeper than MAX_JSON_DEPTH, naming the field it happens under.
 * The global ValidationPipe walks a body recursively before it validates anything: 60 kB of
 * `[[[[…]]]]`, well within the size limit, would overflow its stack and end in a 500.
 */
@Injectable()
export class JsonDepthMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const field = fieldNestedTooDeep(request.body, MAX_JSON_DEPTH);
    if (field !== undefined) {
      throw new BadRequestException([`${field} is nested more than ${MAX_JSON_DEPTH} levels deep`]);
    }
    next();
  }
}

/**
 * Where `value` has more than `max` levels of objects and arrays, or undefined: the field named
 * by the first two keys on the way there (`requester.name`), or `body` when the body itself is
 * an array. Iterative: it must not overflow the stack it protects.
 */
export function fieldNestedTooDeep(value: unknown, max: number): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const pending: { node: object; depth: number; path: string[]; named: boolean }[] = [
    { node: value, depth: 1, path: [], named: true },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, depth, path, named } = next;
    if (depth > max) return path.join('.') || 'body';
    // Keys name the field until the first array or the second key.
    const naming = named && !Array.isArray(node) && path.length < 2;
    for (const [key, child] of Object.entries(node)) {
      if (child === null || typeof child !== 'object') continue;
      pending.push({
        node: child as object,
        depth: depth + 1,
        path: naming ? [...path, key] : path,
        named: naming,
      });
    }
  }
  return undefined;
}
