import {
  DEFAULT_SERVICE_LEVEL_POLICY,
  nextLevel,
  parseServiceLevelPolicy,
} from './service-level-policy';

describe('SLA_POLICY', () => {
  it('is ITIL-like by default: an unanswered P1 at level 1 goes to level 2', () => {
    const policy = parseServiceLevelPolicy(undefined);
    expect(policy).toBe(DEFAULT_SERVICE_LEVEL_POLICY);
    expect(policy.P1.L1).toEqual({
      firstResponseMinutes: 15,
      resolutionMinutes: 60,
      escalateOnBreach: 'L2',
    });
    expect(policy.P4.L1.escalateOnBreach).toBeNull();
    expect(policy.P1.warningPercent).toBe(80);
  });

  it("lays a deployment's changes over the default", () => {
    const policy = parseServiceLevelPolicy(
      '{"P1":{"name":"Gold","L1":{"firstResponseMinutes":10}},"P4":{"L2":{"escalateOnBreach":"L3"}}}',
    );
    expect(policy.P1.name).toBe('Gold');
    expect(policy.P1.L1).toEqual({
      firstResponseMinutes: 10,
      resolutionMinutes: 60,
      escalateOnBreach: 'L2',
    });
    expect(policy.P4.L2.escalateOnBreach).toBe('L3');
    expect(policy.P2).toEqual(DEFAULT_SERVICE_LEVEL_POLICY.P2);
  });

  it('names the field that is wrong', () => {
    const wrong = (json: string) => () => parseServiceLevelPolicy(json);
    expect(wrong('{oops')).toThrow(/^SLA_POLICY must be JSON/);
    expect(wrong('[]')).toThrow('SLA_POLICY must be a JSON object');
    expect(wrong('{"P1":{"L1":{"firstResponseMinutes":0}}}')).toThrow(
      'SLA_POLICY P1.L1.firstResponseMinutes: must be at least 1 minute',
    );
    expect(wrong('{"P2":{"L3":{"resolutionMinutes":1.5}}}')).toThrow(
      'SLA_POLICY P2.L3.resolutionMinutes: must be a whole number of minutes',
    );
    expect(wrong('{"P1":{"L2":{"escalateOnBreach":"L1"}}}')).toThrow(
      'SLA_POLICY P1.L2.escalateOnBreach: must be L3 (the next level) or null',
    );
    expect(wrong('{"P1":{"L3":{"escalateOnBreach":"L3"}}}')).toThrow(
      'SLA_POLICY P1.L3.escalateOnBreach: must be null: there is no level above L3',
    );
    expect(wrong('{"P1":{"warningPercent":100}}')).toThrow(/^SLA_POLICY P1.warningPercent: /);
    expect(wrong('{"P5":{}}')).toThrow(/^SLA_POLICY: .*P5/);
    expect(wrong('{"P1":{"L1":{"firstResponse":5}}}')).toThrow(
      /^SLA_POLICY P1.L1: .*firstResponse/,
    );
  });

  it('knows the level above each level', () => {
    expect([nextLevel('L1'), nextLevel('L2'), nextLevel('L3')]).toEqual(['L2', 'L3', null]);
  });
});
