// Errors from the GraphQL API: the server's stable `extensions.code` plus its message. The
// console shows a translated headline per code and the server's own message under it.

/** Codes the server puts in `extensions.code`. */
export const SERVER_ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "RATE_LIMITED",
  "INTERNAL",
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** Server codes plus the two the client makes up: the request never got an answer (`NETWORK`),
 * or the answer was not a GraphQL response / carried an unknown code (`UNKNOWN`). */
export type ErrorCode = ServerErrorCode | "NETWORK" | "UNKNOWN";

/** The subset of a GraphQL error the console reads. */
export interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown> | null;
}

/** A problem in an IVR flow draft (`extensions.issues` of publishIvrFlow). */
export interface FlowIssueDetail {
  nodeId: string | null;
  code: string;
  message: string;
}

/** A refused CSV line (`extensions.rejectedRows` of importHolidaysCsv). */
export interface RejectedRowDetail {
  line: number;
  reason: string;
}

/** The structured details some BAD_USER_INPUT errors carry besides `field`. */
export interface ErrorDetails {
  issues?: readonly FlowIssueDetail[];
  rejectedRows?: readonly RejectedRowDetail[];
  /** Seconds until a RATE_LIMITED action may be tried again (`extensions.retryAfter`). */
  retryAfter?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `extensions.issues`, keeping only well-formed entries. */
export function parseIssues(value: unknown): FlowIssueDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((i) => ({
    nodeId: typeof i.nodeId === "string" ? i.nodeId : null,
    code: typeof i.code === "string" ? i.code : "",
    message: typeof i.message === "string" ? i.message : "",
  }));
}

/** `extensions.rejectedRows`, keeping only well-formed entries. */
export function parseRejectedRows(value: unknown): RejectedRowDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((r) => ({
    line: typeof r.line === "number" ? r.line : 0,
    reason: typeof r.reason === "string" ? r.reason : "",
  }));
}

function isServerCode(value: unknown): value is ServerErrorCode {
  return typeof value === "string" && (SERVER_ERROR_CODES as readonly string[]).includes(value);
}

export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field the server blamed, when it says (`extensions.field`). */
    readonly field?: string,
    /** Flow issues or rejected CSV rows, when the server sent them. */
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  /** Builds the error for the first GraphQL error of a response. */
  static fromGraphQL(errors: readonly GraphQLErrorLike[]): ApiError {
    const first = errors[0];
    if (!first) return new ApiError("UNKNOWN", "");
    const code = first.extensions?.code;
    const field = first.extensions?.field;
    const details: ErrorDetails = {};
    const issues = parseIssues(first.extensions?.issues);
    const rejectedRows = parseRejectedRows(first.extensions?.rejectedRows);
    if (issues) details.issues = issues;
    if (rejectedRows) details.rejectedRows = rejectedRows;
    const retryAfter = first.extensions?.retryAfter;
    if (typeof retryAfter === "number") details.retryAfter = retryAfter;
    return new ApiError(
      isServerCode(code) ? code : "UNKNOWN",
      first.message,
      typeof field === "string" ? field : undefined,
      details,
    );
  }
}

/** Whatever was thrown, as an ApiError (unexpected throws become `UNKNOWN`). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Error) return new ApiError("UNKNOWN", error.message);
  return new ApiError("UNKNOWN", String(error));
}
