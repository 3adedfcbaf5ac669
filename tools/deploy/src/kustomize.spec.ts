import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { kustomizeBuild } from './kustomize';

describe('kustomizeBuild', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  template:
    spec:
      containers:
        - { name: app, image: helpdesk/${name}, resources: { limits: { cpu: 100m } } }
`;
  const hpa = (name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${name} }
spec: { maxReplicas: 3 }
`;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kustomize-'));
    write(
      'base/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a, b.yaml]\n',
    );
    write(
      'base/a/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [all.yaml]\n',
    );
    write('base/a/all.yaml', `${deployment('a')}---\n${hpa('a')}`);
    write('base/b.yaml', `${deployment('b')}---\n${hpa('b')}`);
    write(
      'component/kustomization.yaml',
      `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources: [scaled.yaml]
patches:
  - target: { group: autoscaling, kind: HorizontalPodAutoscaler }
    patch: |-
      $patch: delete
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: { name: any }
`,
    );
    write(
      'component/scaled.yaml',
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: { name: a }\nspec: { maxReplicaCount: 3 }\n',
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const overlay = (body: string) =>
    write(
      'overlay/kustomization.yaml',
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`,
    );

  it('renders resources from files and directories', () => {
    const kinds = kustomizeBuild(join(root, 'base')).map((m) => `${m.kind}/${m.metadata.name}`);
    expect(kinds).toEqual([
      'Deployment/a',
      'HorizontalPodAutoscaler/a',
      'Deployment/b',
      'HorizontalPodAutoscaler/b',
    ]);
  });

  it('applies components, JSON patches, strategic merges, images and the namespace', () => {
    overlay(`namespace: shop
resources: [../base]
components: [../component]
images: [{ name: helpdesk/a, newName: registry/a, newTag: '1.2' }]
patches:
  - target: { kind: ScaledObject }
    patch: |-
      - op: replace
        path: /spec/maxReplicaCount
        value: 9
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: b }
      spec:
        template:
          spec:
            containers:
              - { name: app, resources: { limits: { memory: 1Gi } } }
`);
    const manifests = kustomizeBuild(join(root, 'overlay'));
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/a',
      'Deployment/b',
      'ScaledObject/a',
    ]);
    expect(manifests.every((m) => m.metadata.namespace === 'shop')).toBe(true);
    expect(manifests[2]!['spec']).toEqual({ maxReplicaCount: 9 });
    expect(JSON.stringify(manifests[0])).toContain('"image":"registry/a:1.2"');
    expect(JSON.stringify(manifests[1])).toContain(
      '"resources":{"limits":{"cpu":"100m","memory":"1Gi"}}',
    );
  });

  it('refuses a resource that does not exist', () => {
    overlay('resources: [../base, ../missing.yaml]\n');
    expect(() => kustomizeBuild(join(root, 'overlay'))).toThrow(/names \.\.\/missing\.yaml/);
  });

  it('refuses a patch that matches nothing or replaces a missing field', () => {
    overlay(
      'resources: [../base]\npatches:\n  - target: { kind: ScaledObject }\n    patch: "[{op: remove, path: /spec}]"\n',
    );
    expect(() => kustomizeBuild(join(root, 'overlay'))).toThrow(/no resource matches/);
    overlay(
      'resources: [../base]\npatches:\n  - target: { kind: Deployment }\n    patch: "[{op: replace, path: /spec/replicas, value: 2}]"\n',
    );
    expect(() => kustomizeBuild(join(root, 'overlay'))).toThrow(/\/spec\/replicas is missing/);
  });

  it('refuses a kustomization field it does not render', () => {
    overlay('resources: [../base]\nconfigMapGenerator: [{ name: x }]\n');
    expect(() => kustomizeBuild(join(root, 'overlay'))).toThrow(/configMapGenerator/);
  });
});
