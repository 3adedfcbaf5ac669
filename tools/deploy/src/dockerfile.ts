import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile: `RUN npm ci` is `{ keyword: 'RUN', argument: 'npm ci' }`. */
export interface Instruction {
  keyword: string;
  argument: string;
}

/** A build stage: from its FROM to the next one. */
export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** The stages of a Dockerfile, its line continuations joined and its comments left out. */
export function readDockerfile(file: string): Stage[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line));
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of lines) {
    const joined = pending + line;
    if (/\\\s*$/.test(joined)) {
      pending = joined.replace(/\\\s*$/, ' ');
      continue;
    }
    pending = '';
    const match = /^\s*([A-Za-z]+)\s+(.*\S)\s*$/.exec(joined);
    if (match?.[1] && match[2]) {
      instructions.push({ keyword: match[1].toUpperCase(), argument: match[2] });
    } else if (joined.trim() !== '') {
      throw new Error(`${file}: cannot read "${joined.trim()}"`);
    }
  }
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.argument.split(/\s+/);
      if (!image) throw new Error(`${file}: FROM without an image`);
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${file}: ${instruction.keyword} before any FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** The instructions of a stage with this keyword. */
export function instructionsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.argument);
}

/** A CMD, ENTRYPOINT or HEALTHCHECK CMD written in exec form (a JSON array), else undefined. */
export function execForm(argument: string): string[] | undefined {
  if (!argument.trim().startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(argument);
  return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string')
    ? parsed
    : undefined;
}

/** A COPY: its `--from` stage if any, its sources and its destination. */
export function readCopy(argument: string): { from?: string; sources: string[]; to: string } {
  const words = argument.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const to = paths.pop();
  if (to === undefined || paths.length === 0) throw new Error(`COPY ${argument}: no source`);
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths, to };
}
