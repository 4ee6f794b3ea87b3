import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

export interface Page<T> {
  items: T[];
  /** How many match in all, beyond this page. */
  total: number;
}

const pages = new Map<Type<unknown>, Type<Page<unknown>>>();

/** The described class of a page of `item`s (`{items, total}`), one per item class, for the OpenAPI document. */
export function pageOf<T>(item: Type<T>): Type<Page<T>> {
  let page = pages.get(item);
  if (!page) {
    class ItemPage {
      @ApiProperty({ type: [item] })
      items: unknown[];

      @ApiProperty({ description: 'How many match in all, beyond this page' })
      total: number;
    }
    Object.defineProperty(ItemPage, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
    page = ItemPage;
    pages.set(item, page);
  }
  return page as Type<Page<T>>;
}

/** An answer that is the bytes of an image, for the OpenAPI document. */
export function imageContent(types: readonly string[]) {
  return {
    description: 'The image itself',
    content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string' as const, format: 'binary' } }])),
  };
}
