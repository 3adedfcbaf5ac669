import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execForm, instructionsOf, readCopy, readDockerfile, Stage } from '../src/dockerfile';
import { productServices, repositoryRoot, servicePackage } from '../src/product';
import { at, readYaml, Yaml } from '../src/yaml-files';

// There is no Docker engine where these run: they check what can be checked without one.
const compose = readYaml(join(repositoryRoot, 'docker-compose.yml'));
const composeServices = compose['services'] as Record<string, Yaml>;
const services = productServices();

function commandOf(service: Yaml): string {
  const parts = [service['entrypoint'], service['command']].flatMap((part) =>
    part === undefined ? [] : Array.isArray(part) ? part : [part],
  );
  return parts.join(' ');
}

/** The one-shot service that creates the topic. */
function topicSetup(): [string, Yaml] {
  const found = Object.entries(composeServices).filter(([, service]) =>
    /kafka-topics\.sh[\s\S]*--create/.test(commandOf(service)),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('docker compose runs the product on Kafka', () => {
  it('names Kafka in KRaft mode, PostgreSQL, the topic setup and every service of the product', () => {
    const kafka = composeServices['kafka']!;
    expect(String(kafka['image'])).toMatch(/^apache\/kafka:/);
    expect(at(kafka, 'environment', 'KAFKA_PROCESS_ROLES')).toMatch(/broker/);
    expect(at(kafka, 'environment', 'KAFKA_PROCESS_ROLES')).toMatch(/controller/);
    expect(JSON.stringify(compose)).not.toMatch(/zookeeper/i);
    expect(String(composeServices['postgres']?.['image'])).toMatch(/^postgres:/);
    topicSetup();
    for (const { name } of services) expect(Object.keys(composeServices)).toContain(name);
  });

  it('creates the topic and its dead letters with the partition count the services are given', () => {
    const [, setup] = topicSetup();
    const command = commandOf(setup);
    const partitions = /--partitions\s+(\S+)/.exec(command)?.[1];
    for (const { name } of services) {
      const environment = composeServices[name]!['environment'] as Yaml;
      expect(environment['EVENT_LOG_PARTITIONS']).toBe(partitions);
      expect(command).toContain(String(environment['EVENT_LOG_TOPIC']));
      expect(command).toContain(`${String(environment['EVENT_LOG_TOPIC'])}.dead-letters`);
    }
    expect(Number(/:-(\d+)\}$/.exec(partitions ?? '')?.[1])).toBeGreaterThan(1);
    expect(at(setup, 'depends_on', 'kafka', 'condition')).toBe('service_healthy');
  });

  it.each(services)('builds $name from its own Dockerfile, the repository as context', (svc) => {
    const build = composeServices[svc.name]!['build'] as Yaml;
    expect(build['context']).toBe('.');
    expect(build['dockerfile']).toBe(`services/${svc.name}/Dockerfile`);
    expect(existsSync(join(repositoryRoot, String(build['dockerfile'])))).toBe(true);
  });

  it.each(services)(
    'starts $name once PostgreSQL and Kafka are healthy and the topic exists',
    (svc) => {
      const [setupName] = topicSetup();
      expect(composeServices[svc.name]!['depends_on']).toEqual({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        [setupName]: { condition: 'service_completed_successfully' },
      });
    },
  );

  it.each(services)('checks the health of $name on /health/ready of its port', (svc) => {
    const test = at(composeServices[svc.name], 'healthcheck', 'test') as string[];
    expect(test[0]).toBe('CMD');
    expect(test.join(' ')).toContain(`http://127.0.0.1:${svc.port}/health/ready`);
    expect(composeServices[svc.name]!['ports']).toEqual([`${svc.port}:${svc.port}`]);
  });

  it.each(services)('runs $name on Kafka, at a listener Kafka advertises', (svc) => {
    const environment = composeServices[svc.name]!['environment'] as Yaml;
    const advertised = String(
      at(composeServices['kafka'], 'environment', 'KAFKA_ADVERTISED_LISTENERS'),
    )
      .split(',')
      .map((listener) => listener.replace(/^\w+:\/\//, ''));
    expect(environment['EVENT_LOG']).toBe('kafka');
    expect(advertised).toContain(environment['KAFKA_BROKERS']);
    expect(String(environment['DATABASE_URL'])).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
  });

  it('reaches the levels from intake at their compose names', () => {
    const environment = composeServices['intake']!['environment'] as Yaml;
    expect(environment).toMatchObject({
      TRIAGE_URL: 'http://triage:3001',
      BACK_OFFICE_URL: 'http://back-office:3002',
      SPECIALIST_URL: 'http://specialist:3003',
    });
  });

  it('takes the secrets from the environment, each one listed in .env.example', () => {
    const example = readFileSync(join(repositoryRoot, '.env.example'), 'utf8');
    for (const { name } of services) {
      const environment = composeServices[name]!['environment'] as Yaml;
      for (const secret of ['INTERNAL_API_TOKEN', 'AUTH_SECRET']) {
        expect(environment[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?.+\\}$`));
      }
    }
    expect(at(composeServices['intake'], 'environment', 'ADMIN_API_TOKEN')).toMatch(/^\$\{/);
    const required = [...JSON.stringify(compose).matchAll(/\$\{(\w+):\?/g)].map(
      (match) => match[1],
    );
    for (const name of new Set(required)) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });
});

describe.each(services)('the image of $name', (svc) => {
  const dockerfile = join(repositoryRoot, 'services', svc.name, 'Dockerfile');
  const stages = readDockerfile(dockerfile);
  const runtime = stages.at(-1)!;
  const stage = (name: string): Stage => {
    const found = stages.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`${dockerfile} has no stage ${name}`);
    return found;
  };
  /** The stage and the stages it is built FROM, nearest first. */
  const lineage = (start: Stage): Stage[] => {
    const parent = stages.find((candidate) => candidate.name === start.image);
    return parent ? [start, ...lineage(parent)] : [start];
  };

  it('starts with the start script of its package', () => {
    const pkg = servicePackage(svc.name);
    expect(pkg).toMatchObject({ name: `@helpdesk/${svc.name}`, private: true });
    const [cmd] = instructionsOf(runtime, 'CMD');
    expect(execForm(cmd ?? '')?.join(' ')).toBe(pkg.scripts?.['start']);
  });

  it('starts the main.js that the production build emits', () => {
    const tsconfig = JSON.parse(
      readFileSync(join(repositoryRoot, 'services', svc.name, 'tsconfig.app.json'), 'utf8'),
    );
    expect(tsconfig.compilerOptions.outDir).toBe('dist');
    // tsc keeps the layout from the repository root (tsconfig.base.json's rootDir).
    expect(servicePackage(svc.name).scripts?.['start']).toBe(
      `node dist/services/${svc.name}/src/main.js`,
    );
    const copies = instructionsOf(runtime, 'COPY').map(readCopy);
    expect(copies).toContainEqual({
      from: 'build',
      sources: [`/app/services/${svc.name}/dist`],
      to: 'dist',
    });
  });

  it('is built the way `nx build` builds it', () => {
    const project = JSON.parse(
      readFileSync(join(repositoryRoot, 'services', svc.name, 'project.json'), 'utf8'),
    );
    expect(instructionsOf(stage('build'), 'RUN')).toContain(project.targets.build.options.command);
  });

  it('runs as a non-root user', () => {
    // The last USER counts, the stages it is built from first.
    const users = lineage(runtime)
      .reverse()
      .flatMap((step) => instructionsOf(step, 'USER'));
    expect(users.at(-1)).toBeDefined();
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('ships production dependencies only, installed with npm ci --omit=dev', () => {
    const copies = instructionsOf(runtime, 'COPY').map(readCopy);
    const modules = copies.filter((copy) => copy.to.replace(/\/$/, '') === 'node_modules');
    expect(modules).toHaveLength(1);
    const source = stage(modules[0]!.from ?? '');
    expect(lineage(source).flatMap((step) => instructionsOf(step, 'RUN'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/npm ci --omit=dev\b/)]),
    );
    expect(lineage(runtime).flatMap((step) => instructionsOf(step, 'RUN'))).toEqual([]);
  });

  it('runs on a small Node image', () => {
    const base = lineage(runtime).at(-1)!.image;
    expect(base).toMatch(/^node:20[\w.]*-(bookworm-slim|slim|alpine)$/);
  });

  it('checks its health on /health/ready', () => {
    const [healthcheck] = instructionsOf(runtime, 'HEALTHCHECK');
    expect(healthcheck).toContain('/health/ready');
    expect(healthcheck).toContain(String(svc.port));
    expect(instructionsOf(runtime, 'EXPOSE')).toEqual([String(svc.port)]);
  });

  it('copies only files of the repository that the build context sends', () => {
    const ignored = readFileSync(join(repositoryRoot, '.dockerignore'), 'utf8').split('\n');
    for (const step of stages) {
      for (const copy of instructionsOf(step, 'COPY').map(readCopy)) {
        if (copy.from) continue;
        for (const source of copy.sources) {
          expect(existsSync(join(repositoryRoot, source))).toBe(true);
          expect(ignored).not.toContain(source.replace(/\/$/, ''));
        }
      }
    }
    for (const secretOrBulky of ['**/node_modules', '**/dist', '.git', '.env', '.data']) {
      expect(ignored).toContain(secretOrBulky);
    }
  });
});
