import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";

/**
 * Counts what a Kysely executor does, to check that a page's number of statements does not grow
 * with its rows (`db().withPlugin(counter)`): used by /bench/queries.json and the tests.
 */
export class StatementCounter implements KyselyPlugin {
  /** Statements run. */
  count = 0;
  /** Queries built, subqueries included. */
  built = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.built += 1;
    return args.node;
  }
  // Once for each statement run (transformQuery also sees every subquery built).
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    return args.result;
  }
}
