// Turns a rule list into a StrategyDefinition: params are frozen at create() time and evaluate()
// returns every condition in rule order; the strategy matches when all of them hold.
import type { ConditionResult, Side, StrategyId } from '../domain/trading.js';
import type { Strategy, StrategyContext, StrategyDefinition } from './strategy.js';

export interface RuleSpec<P extends Record<string, number>> {
  readonly id: StrategyId;
  readonly name: string;
  readonly side: Side;
  readonly timeframe: '5m' | '15m';
  readonly defaults: P;
  readonly rules: (ctx: StrategyContext, p: P) => ConditionResult[];
  /**
   * Optional fast path: true exactly when every condition of `rules` is ok, computed without building
   * them (the same `ok*` checks in the same order, short-circuiting). Property-tested against `rules`.
   */
  readonly holds?: (ctx: StrategyContext, p: P) => boolean;
}

export function defineRuleStrategy<P extends Record<string, number>>(spec: RuleSpec<P>): StrategyDefinition {
  const { id, name, side, timeframe } = spec;
  return Object.freeze({
    id, name, side, timeframe,
    defaults: Object.freeze({ ...spec.defaults }),
    create(params: Readonly<Record<string, number>>): Strategy {
      const p = Object.freeze({ ...spec.defaults, ...params }) as P;
      const strategy: Strategy = {
        id, name, side, timeframe, params: p,
        evaluate(ctx: StrategyContext) {
          const conditions = spec.rules(ctx, p);
          return { match: conditions.every((c) => c.ok), conditions };
        },
      };
      const holds = spec.holds;
      return holds === undefined ? strategy : { ...strategy, matches: (ctx: StrategyContext) => holds(ctx, p) };
    },
  });
}
