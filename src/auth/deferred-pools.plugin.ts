import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  type DocumentNode,
  getNamedType,
  type GraphQLSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { GraphQLContext } from '../common/graphql-context';
import { loadDeferredPools } from './actor';

/**
 * The fields (`Type.field`, `Type.*` for all of a type's) whose resolvers, and the services they
 * call, never read a coordinator's pools in code: they read demand and what hangs on it through
 * statements whose policies (and `DemandService.visibleDemandSql`) read the pools themselves. A
 * read-only operation that selects nothing else needs no look-up of the pools; any other field
 * (a pool, a company's memberships, ...) makes the look-up run before execution. Extend it only
 * for fields whose whole path is checked; an unforeseen use of the pools throws (see
 * `deferPools`), it never acts on a wrong list.
 */
const FIELDS_WITHOUT_POOLS: ReadonlySet<string> = new Set([
  'Query.demandRequests',
  'Query.demandRequest',
  'DemandRequestConnection.*',
  'DemandRequestEdge.*',
  'PageInfo.*',
  'DemandRequest.id',
  'DemandRequest.title',
  'DemandRequest.description',
  'DemandRequest.sitePostcode',
  'DemandRequest.siteCity',
  'DemandRequest.siteLatitude',
  'DemandRequest.siteLongitude',
  'DemandRequest.hoursPerWeek',
  'DemandRequest.headcount',
  'DemandRequest.maxTravelKm',
  'DemandRequest.maxHourlyRateCents',
  'DemandRequest.status',
  'DemandRequest.postedAt',
  'DemandRequest.cancelledAt',
  'DemandRequest.cancelReason',
  'DemandRequest.version',
  'DemandRequest.startDate',
  'DemandRequest.endDate',
  'DemandRequest.halfDays',
  'DemandRequest.company',
  'DemandRequest.requirements',
  'DemandSkillRequirement.skillId',
  'DemandSkillRequirement.minLevel',
  'DemandSkillRequirement.mandatory',
  'DemandSkillRequirement.skill',
  'Skill.id',
  'Skill.code',
  'Skill.name',
  'Skill.category',
  'Skill.requiresCertificate',
  'Skill.parentId',
  'Skill.createdAt',
  'Skill.parent',
  'Skill.children',
  'Company.id',
  'Company.name',
  'Company.kvkNumber',
  'Company.kind',
  'Company.postcode',
  'Company.city',
  'Company.latitude',
  'Company.longitude',
  'Company.createdAt',
]);

/** Whether running `document` may read a coordinator's pools in code (remembered per document). */
const verdicts = new WeakMap<DocumentNode, boolean>();

/**
 * True unless every operation of `document` is a query and every field it selects (in any
 * fragment) is one of {@link FIELDS_WITHOUT_POOLS}.
 */
export function operationNeedsPools(schema: GraphQLSchema, document: DocumentNode): boolean {
  // Fragment definitions are part of the document and visited with their type condition, so a
  // field selected through a fragment counts as any other.
  const known = verdicts.get(document);
  if (known !== undefined) return known;
  let needs = false;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== 'query') needs = true;
      },
      Field(node) {
        if (node.name.value.startsWith('__')) return;
        const parent = typeInfo.getParentType();
        const type = parent && getNamedType(parent);
        if (
          !type ||
          !typeInfo.getFieldDef() ||
          (!FIELDS_WITHOUT_POOLS.has(`${type.name}.${node.name.value}`) &&
            !FIELDS_WITHOUT_POOLS.has(`${type.name}.*`))
        ) {
          needs = true;
        }
      },
    }),
  );
  verdicts.set(document, needs);
  return needs;
}

/**
 * Reads a deferred coordinator's pools (see `AuthService.actorFromHeader`) before execution unless
 * the operation needs them nowhere but in SQL ({@link operationNeedsPools}).
 */
export function deferredPoolsPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: async (): Promise<GraphQLRequestListener<GraphQLContext>> => ({
      didResolveOperation: async ({ schema, document, contextValue }) => {
        const actor = contextValue.ctx.actor;
        if (actor && operationNeedsPools(schema, document)) await loadDeferredPools(actor);
      },
    }),
  };
}
