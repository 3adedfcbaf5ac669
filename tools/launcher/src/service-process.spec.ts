import { nodeOptions } from './service-process';
import { entryPoint, serviceRuntimeFrom } from './services';

describe('a service process', () => {
  it('runs compiled as its image does: source maps, the heap limit, then the guard', () => {
    expect(nodeOptions('compiled', 192, ['--cpu-prof'])).toEqual([
      '--enable-source-maps',
      '--max-old-space-size=192',
      '--cpu-prof',
      '-r',
      expect.stringMatching(/tools\/launcher\/src\/service-guard\.js$/),
    ]);
    expect(entryPoint('back-office')).toMatch(
      /services\/back-office\/dist\/services\/back-office\/src\/main\.js$/,
    );
  });

  it('runs from its sources through @swc-node/register when asked', () => {
    expect(nodeOptions('sources', undefined)).toEqual([
      '-r',
      '@swc-node/register',
      '-r',
      expect.stringMatching(/service-guard\.js$/),
    ]);
    expect(entryPoint('triage', 'sources')).toMatch(/services\/triage\/src\/main\.ts$/);
  });

  it('runs compiled unless HELPDESK_SERVICE_RUNTIME says sources', () => {
    expect(serviceRuntimeFrom({})).toBe('compiled');
    expect(serviceRuntimeFrom({ HELPDESK_SERVICE_RUNTIME: 'sources' })).toBe('sources');
    expect(() => serviceRuntimeFrom({ HELPDESK_SERVICE_RUNTIME: 'swc' })).toThrow(
      'HELPDESK_SERVICE_RUNTIME must be compiled or sources, got "swc"',
    );
  });
});
