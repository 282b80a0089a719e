// Items that other items point at by id (a queue's skill groups, a number's trunk, …), and the
// name to show for such an id: the item's name, else the id itself.

export interface Named {
  id: string;
  name: string;
}

/** The name of the item with `id` in `list`, else the id itself ("" for none). */
export function nameOf(list: readonly Named[], id: string | null | undefined): string {
  return list.find((x) => x.id === id)?.name ?? id ?? "";
}
