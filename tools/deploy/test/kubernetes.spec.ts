import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kustomizeBuild, Manifest } from '../src/kustomize';
import { productServices, repositoryRoot } from '../src/product';
import { at, readYamlDocuments, Yaml } from '../src/yaml-files';

// There is no kubectl or kustomize here: src/kustomize.ts renders the overlays the same way for
// the features the manifests use, and refuses the ones it does not know.
const k8s = join(repositoryRoot, 'k8s');
const services = productServices();
const SECRET = 'helpdesk-secrets';
const SHARED_CONFIG = 'helpdesk-shared';

const renderErrors: string[] = [];
function render(directory: string): Manifest[] {
  try {
    return kustomizeBuild(join(k8s, directory));
  } catch (error) {
    renderErrors.push(`${directory}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
const variants = {
  base: render('base'),
  dev: render('overlays/dev'),
  prod: render('overlays/prod'),
};
type Variant = keyof typeof variants;

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function one(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0]!;
}

function podSpec(deployment: Manifest): Yaml {
  return at(deployment, 'spec', 'template', 'spec') as Yaml;
}

function container(deployment: Manifest): Yaml {
  const containers = podSpec(deployment)['containers'] as Yaml[];
  expect(containers).toHaveLength(1);
  return containers[0]!;
}

/** The environment a service's container gets: its env entries and the ConfigMaps it loads. */
function environmentOf(manifests: Manifest[], deployment: Manifest): Map<string, unknown> {
  const environment = new Map<string, unknown>();
  for (const source of (container(deployment)['envFrom'] as Yaml[] | undefined) ?? []) {
    const name = at(source, 'configMapRef', 'name') as string;
    const data = one(manifests, 'ConfigMap', name)['data'] as Record<string, string>;
    for (const [key, value] of Object.entries(data)) environment.set(key, value);
  }
  for (const entry of (container(deployment)['env'] as Yaml[] | undefined) ?? []) {
    environment.set(String(entry['name']), entry['value'] ?? entry['valueFrom']);
  }
  return environment;
}

function sharedConfig(manifests: Manifest[]): Record<string, string> {
  return one(manifests, 'ConfigMap', SHARED_CONFIG)['data'] as Record<string, string>;
}

/** The autoscalers of a Deployment: HPAs and KEDA ScaledObjects that name it. */
function autoscalersOf(manifests: Manifest[], name: string): Manifest[] {
  return manifests.filter(
    (m) =>
      (m.kind === 'HorizontalPodAutoscaler' || m.kind === 'ScaledObject') &&
      at(m, 'spec', 'scaleTargetRef', 'name') === name,
  );
}

function replicaRange(autoscaler: Manifest): { min: number; max: number } {
  const spec = autoscaler['spec'] as Yaml;
  return autoscaler.kind === 'ScaledObject'
    ? { min: Number(spec['minReplicaCount']), max: Number(spec['maxReplicaCount']) }
    : { min: Number(spec['minReplicas']), max: Number(spec['maxReplicas']) };
}

function cpuQuantity(value: unknown): number {
  const text = String(value);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

function memoryMi(value: unknown): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(value));
  if (!match) throw new Error(`unexpected memory quantity ${String(value)}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

describe('the Kubernetes manifests', () => {
  it('render base, dev and prod: every path and patch of their kustomizations resolves', () => {
    expect(renderErrors).toEqual([]);
  });

  it('all parse, and every YAML file under k8s/ is used by a kustomization', () => {
    const read = new Set<string>();
    for (const overlay of ['base', 'overlays/dev', 'overlays/prod']) {
      kustomizeBuild(join(k8s, overlay), read);
    }
    const yamlFiles = filesUnder(k8s).filter((file) => /\.ya?ml$/.test(file));
    for (const file of yamlFiles) expect(() => readYamlDocuments(file)).not.toThrow();
    expect(yamlFiles.filter((file) => !read.has(file))).toEqual([]);
  });

  it('commit no Secret and no secret value: a Secret named helpdesk-secrets is referenced', () => {
    for (const manifests of Object.values(variants)) {
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      for (const configMap of manifests.filter((m) => m.kind === 'ConfigMap')) {
        expect(Object.keys(configMap['data'] as Yaml).join(' ')).not.toMatch(
          /SECRET|TOKEN|PASSWORD|DATABASE_URL/,
        );
      }
    }
  });

  describe.each(Object.keys(variants) as Variant[])('%s', (variant) => {
    const manifests = variants[variant];

    it.each(services)(
      'gives $name a Deployment, a Service, a ConfigMap and a PodDisruptionBudget',
      (svc) => {
        const deployment = one(manifests, 'Deployment', svc.name);
        const selector = at(deployment, 'spec', 'selector', 'matchLabels') as Yaml;
        const podLabels = at(deployment, 'spec', 'template', 'metadata', 'labels') as Yaml;
        expect(podLabels).toMatchObject(selector);
        // Selectors must tell the services apart.
        expect(selector['app.kubernetes.io/name']).toBe(svc.name);

        const service = one(manifests, 'Service', svc.name);
        expect(at(service, 'spec', 'selector')).toEqual(selector);
        expect(at(service, 'spec', 'ports')).toEqual([
          { name: 'http', port: svc.port, targetPort: 'http' },
        ]);
        expect(container(deployment)['ports']).toEqual([{ name: 'http', containerPort: svc.port }]);

        const environment = environmentOf(manifests, deployment);
        expect(environment.get('PORT')).toBe(String(svc.port));
        one(manifests, 'ConfigMap', `${svc.name}-config`);

        const budget = one(manifests, 'PodDisruptionBudget', svc.name);
        expect(at(budget, 'spec', 'selector', 'matchLabels')).toEqual(selector);
        expect(at(budget, 'spec', 'maxUnavailable')).toBe(1);
      },
    );

    it.each(services)(
      'probes $name: liveness on /health/live, readiness on /health/ready',
      (svc) => {
        const probes = container(one(manifests, 'Deployment', svc.name));
        expect(at(probes, 'livenessProbe', 'httpGet')).toEqual({
          path: '/health/live',
          port: 'http',
        });
        expect(at(probes, 'readinessProbe', 'httpGet')).toEqual({
          path: '/health/ready',
          port: 'http',
        });
      },
    );

    it.each(services)('runs $name as non-root, read-only, without privilege escalation', (svc) => {
      const deployment = one(manifests, 'Deployment', svc.name);
      const pod = podSpec(deployment)['securityContext'] as Yaml;
      expect(pod['runAsNonRoot']).toBe(true);
      expect(pod['runAsUser']).toBeGreaterThan(0);
      expect(container(deployment)['securityContext']).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(podSpec(deployment)['automountServiceAccountToken']).toBe(false);
    });

    it.each(services)('bounds $name with CPU and memory requests and limits', (svc) => {
      const resources = container(one(manifests, 'Deployment', svc.name))['resources'] as Yaml;
      for (const bound of ['requests', 'limits']) {
        expect(cpuQuantity(at(resources, bound, 'cpu'))).toBeGreaterThan(0);
        expect(memoryMi(at(resources, bound, 'memory'))).toBeGreaterThan(0);
      }
      expect(memoryMi(at(resources, 'limits', 'memory'))).toBeGreaterThanOrEqual(
        memoryMi(at(resources, 'requests', 'memory')),
      );
      expect(cpuQuantity(at(resources, 'limits', 'cpu'))).toBeGreaterThanOrEqual(
        cpuQuantity(at(resources, 'requests', 'cpu')),
      );
    });

    it.each(services)(
      'gives $name every setting it refuses to start without, secrets from helpdesk-secrets',
      (svc) => {
        const deployment = one(manifests, 'Deployment', svc.name);
        const environment = environmentOf(manifests, deployment);
        expect(environment.get('EVENT_LOG')).toBe('kafka');
        expect(environment.get('KAFKA_BROKERS')).toMatch(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/);
        for (const secret of ['DATABASE_URL', 'INTERNAL_API_TOKEN', 'AUTH_SECRET']) {
          expect(environment.get(secret)).toEqual({
            secretKeyRef: { name: SECRET, key: expect.any(String) },
          });
        }
        for (const entry of (container(deployment)['env'] as Yaml[] | undefined) ?? []) {
          expect(at(entry, 'valueFrom', 'secretKeyRef', 'name')).toBe(SECRET);
        }
      },
    );

    it('gives every service a schema of its own', () => {
      const schemas = services.map((svc) =>
        environmentOf(manifests, one(manifests, 'Deployment', svc.name)).get('DATABASE_SCHEMA'),
      );
      expect(new Set(schemas).size).toBe(services.length);
    });

    it.each(services)('scales $name with exactly one autoscaler, never to zero', (svc) => {
      const autoscalers = autoscalersOf(manifests, svc.name);
      expect(autoscalers).toHaveLength(1);
      expect(replicaRange(autoscalers[0]!).min).toBeGreaterThanOrEqual(1);
      // The autoscaler owns the count: a replicas field would be reset by every apply.
      expect(at(one(manifests, 'Deployment', svc.name), 'spec', 'replicas')).toBeUndefined();
    });

    it('keeps the topic partition count above the largest replica count', () => {
      const partitions = Number(sharedConfig(manifests)['EVENT_LOG_PARTITIONS']);
      const replicaCounts = [
        ...manifests
          .filter((m) => m.kind === 'HorizontalPodAutoscaler' || m.kind === 'ScaledObject')
          .map((autoscaler) => replicaRange(autoscaler).max),
        ...manifests
          .filter((m) => m.kind === 'Deployment')
          .map((deployment) => Number(at(deployment, 'spec', 'replicas') ?? 1)),
      ];
      expect(replicaCounts.length).toBeGreaterThan(0);
      expect(Number.isInteger(partitions)).toBe(true);
      expect(partitions).toBeGreaterThan(Math.max(...replicaCounts));
    });

    it('tells every service where browsers reach sign-in and each dashboard', () => {
      const shared = sharedConfig(manifests);
      const urls = ['SIGN_IN_URL', 'L1_DASHBOARD_URL', 'L2_DASHBOARD_URL', 'L3_DASHBOARD_URL'];
      for (const name of urls) expect(new URL(String(shared[name])).protocol).toBe('https:');
      const cookieDomain = shared['SESSION_COOKIE_DOMAIN'];
      for (const name of urls) {
        expect(`.${new URL(String(shared[name])).hostname}`).toMatch(
          new RegExp(`${String(cookieDomain).replace(/\./g, '\\.')}$`),
        );
      }
    });

    it('reaches the levels from intake at their Services', () => {
      const environment = environmentOf(manifests, one(manifests, 'Deployment', 'intake'));
      for (const [variable, name] of [
        ['TRIAGE_URL', 'triage'],
        ['BACK_OFFICE_URL', 'back-office'],
        ['SPECIALIST_URL', 'specialist'],
      ] as const) {
        const port = at(one(manifests, 'Service', name), 'spec', 'ports', 0, 'port');
        expect(environment.get(variable)).toBe(`http://${name}:${String(port)}`);
      }
    });
  });

  it("prod scales every service on its own consumer group's Kafka lag and on CPU", () => {
    const manifests = variants.prod;
    const shared = sharedConfig(manifests);
    for (const svc of services) {
      const [autoscaler] = autoscalersOf(manifests, svc.name);
      expect(autoscaler?.kind).toBe('ScaledObject');
      const triggers = at(autoscaler, 'spec', 'triggers') as Yaml[];
      const kafka = triggers.filter((trigger) => trigger['type'] === 'kafka');
      expect(kafka).toHaveLength(1);
      expect(kafka[0]!['metadata']).toMatchObject({
        bootstrapServers: shared['KAFKA_BROKERS'],
        topic: shared['EVENT_LOG_TOPIC'],
        consumerGroup: `${shared['EVENT_LOG_TOPIC']}.${svc.projection}`,
        allowIdleConsumers: 'false',
      });
      expect(Number(at(kafka[0], 'metadata', 'lagThreshold'))).toBeGreaterThan(0);
      expect(triggers).toContainEqual(
        expect.objectContaining({ type: 'cpu', metricType: 'Utilization' }),
      );
    }
  });

  it('dev scales every service on CPU, from one replica', () => {
    for (const svc of services) {
      const [autoscaler] = autoscalersOf(variants.dev, svc.name);
      expect(autoscaler?.kind).toBe('HorizontalPodAutoscaler');
      expect(replicaRange(autoscaler!).min).toBe(1);
      expect(at(autoscaler, 'spec', 'metrics')).toContainEqual({
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      });
    }
  });

  it('prod runs more replicas of every service than dev, with larger limits', () => {
    for (const svc of services) {
      const prod = replicaRange(autoscalersOf(variants.prod, svc.name)[0]!);
      const dev = replicaRange(autoscalersOf(variants.dev, svc.name)[0]!);
      // Two at least: a drain (PodDisruptionBudget) or a lost node leaves one serving.
      expect(prod.min).toBeGreaterThanOrEqual(2);
      expect(prod.max).toBeGreaterThan(dev.max);
      const limits = (variant: Variant) =>
        at(container(one(variants[variant], 'Deployment', svc.name)), 'resources', 'limits');
      expect(memoryMi(at(limits('prod'), 'memory'))).toBeGreaterThan(
        memoryMi(at(limits('dev'), 'memory')),
      );
      expect(cpuQuantity(at(limits('prod'), 'cpu'))).toBeGreaterThan(
        cpuQuantity(at(limits('dev'), 'cpu')),
      );
    }
  });

  it.each(['dev', 'prod'] as const)('%s pins every image to a tag, in its own namespace', (v) => {
    for (const manifest of variants[v]) {
      expect(manifest.metadata.namespace).toMatch(/^helpdesk/);
      if (manifest.kind !== 'Deployment') continue;
      expect(container(manifest)['image']).toMatch(/^[^:]+:(?!latest$)[\w.-]+$/);
    }
  });
});
