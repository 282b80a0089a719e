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
  ) {
    super(message);
  }

  /** Builds the error for the first GraphQL error of a response. */
  static fromGraphQL(errors: readonly GraphQLErrorLike[]): ApiError {
    const first = errors[0];
    if (!first) return new ApiError("UNKNOWN", "");
    const code = first.extensions?.code;
    const field = first.extensions?.field;
    return new ApiError(
      isServerCode(code) ? code : "UNKNOWN",
      first.message,
      typeof field === "string" ? field : undefined,
    );
  }
}

/** Whatever was thrown, as an ApiError (unexpected throws become `UNKNOWN`). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Error) return new ApiError("UNKNOWN", error.message);
  return new ApiError("UNKNOWN", String(error));
}
