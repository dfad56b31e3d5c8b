import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Relay page information. */
@ObjectType({ description: 'Where a page of a connection sits in the whole list.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when `after` was given, so items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge on this page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

/** Page size when `first` is omitted. */
export const DEFAULT_PAGE_SIZE = 25;
/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;

/** Forward pagination arguments shared by every list. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.`,
  })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Return items after this cursor (`pageInfo.endCursor`).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

/** One edge of a connection. */
export interface Edge<T> {
  node: T;
  cursor: string;
}

/**
 * A page of a list. `totalCount` is a lazy getter, so the count query runs only when a client
 * selects the field.
 */
export interface ConnectionPage<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

const connectionTypes = new Map<Type<unknown>, Type<unknown>>();

/**
 * The Relay connection type for `node` (`XConnection` with `XEdge`), created once per node type.
 */
export function Connection<T>(node: Type<T>): Type<ConnectionPage<T>> {
  const existing = connectionTypes.get(node);
  if (existing) return existing as Type<ConnectionPage<T>>;
  // GraphQL names follow the object type (`Company`), not the TypeScript class (`CompanyModel`).
  const name = node.name.replace(/Model$/, '');

  @ObjectType(`${name}Edge`, { description: `An edge in a ${name} connection.` })
  class EdgeType {
    @Field(() => node, { description: 'The item.' })
    node!: T;

    @Field({ description: 'Opaque cursor of this item, for `after`.' })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of ${name} items (Relay cursor connection).`,
  })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items on this page.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Paging information.' })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      description: 'Number of items in the whole list (counted only when selected).',
    })
    totalCount!: number;
  }

  connectionTypes.set(node, ConnectionType);
  return ConnectionType as unknown as Type<ConnectionPage<T>>;
}
