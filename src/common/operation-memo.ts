import { DocumentNode } from 'graphql';

/**
 * A value remembered per operation of a parsed document. Apollo hands a repeated query the same
 * cached `DocumentNode`, so what is worked out for it once (its cost, its compiled form) serves
 * the next requests; a `WeakMap` lets it go when Apollo's document cache drops the document.
 */
export class OperationMemo<T> {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, T>>();

  /**
   * The value for `operationName` (none: the document's only operation) of `document`, made by
   * `create` the first time; an undefined result is not kept, so it is asked for again.
   */
  get(
    document: DocumentNode,
    operationName: string | null | undefined,
    create: () => T | undefined,
  ): T | undefined {
    let operations = this.byDocument.get(document);
    if (!operations) {
      operations = new Map();
      this.byDocument.set(document, operations);
    }
    const key = operationName ?? '';
    let value = operations.get(key);
    if (value === undefined) {
      value = create();
      if (value !== undefined) operations.set(key, value);
    }
    return value;
  }
}
