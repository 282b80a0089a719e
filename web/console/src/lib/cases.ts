// Cases and departments: the choices the server knows, overdue open cases, the department
// tree, categories and SLA minutes as typed.
export const CASE_KINDS = ["complaint", "suggestion", "inquiry"] as const;
export const CASE_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const CASE_CHANNELS = ["phone", "sms", "email", "web", "chat", "letter"] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** An open case past its due time (at `now`, ms). */
export function isOverdue(c: { status: string; dueAt?: string | null }, now: number): boolean {
  if (c.status !== "open" || !c.dueAt) return false;
  const due = new Date(c.dueAt).getTime();
  return !Number.isNaN(due) && due < now;
}

export interface DepartmentLike {
  id: string;
  name: string;
  parentId?: string | null;
}

/** Departments in tree order (each after its parent), with their depth; orphans are roots. */
export function departmentTree<T extends DepartmentLike>(departments: readonly T[]): { department: T; depth: number }[] {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<string | null, T[]>();
  for (const d of departments) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const out: { department: T; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const d of list) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      out.push({ department: d, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** "ticket, refund ,," → ["ticket", "refund"] (commas or 、). */
export function parseCategories(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((s) => s.trim()).filter((s) => s !== ""))];
}

/** SLA minutes per priority as typed → `{"urgent": 60}`; empty entries keep the server's
 * defaults; null when one is not a positive whole number. */
export function slaFromDraft(draft: Partial<Record<CasePriority, string>>): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const p of CASE_PRIORITIES) {
    const text = (draft[p] ?? "").trim();
    if (text === "") continue;
    if (!/^\d+$/.test(text) || Number(text) <= 0) return null;
    out[p] = Number(text);
  }
  return out;
}

/** The stored `slaMinutes` JSON as "urgent 60 · high 240", in priority order. */
export function slaSummary(sla: unknown): { priority: CasePriority; minutes: number }[] {
  if (typeof sla !== "object" || sla === null) return [];
  const record = sla as Record<string, unknown>;
  return CASE_PRIORITIES.flatMap((p) => {
    const v = record[p];
    return typeof v === "number" ? [{ priority: p, minutes: v }] : [];
  });
}
