// React hooks over the GraphQL client: a query that loads on mount (and on refetch), and a
// mutation that tracks its pending state and last error.
import { useCallback, useEffect, useState } from "react";
import type { Document, RequestOptions, UploadFiles } from "./client";
import { toApiError, type ApiError } from "./errors";
import { api } from "./session";

export interface QueryResult<TResult> {
  data: TResult | undefined;
  error: ApiError | undefined;
  loading: boolean;
  refetch: () => void;
}

interface QueryState<TResult> {
  data: TResult | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

export interface QueryOptions {
  /** Send nothing (e.g. the viewer's role may not read it): no data, not loading. */
  skip?: boolean;
}

export function useQuery<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  variables: TVariables,
  options: QueryOptions = {},
): QueryResult<TResult> {
  const skip = options.skip ?? false;
  const [state, setState] = useState<QueryState<TResult>>({
    data: undefined,
    error: undefined,
    loading: !skip,
  });
  const [generation, setGeneration] = useState(0);
  const variablesKey = JSON.stringify(variables);

  useEffect(() => {
    if (skip) return;
    let current = true;
    api.request(document, JSON.parse(variablesKey) as TVariables).then(
      (data) => {
        if (current) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (current) setState((prev) => ({ data: prev.data, error: toApiError(error), loading: false }));
      },
    );
    return () => {
      current = false;
    };
  }, [document, variablesKey, generation, skip]);

  const refetch = useCallback(() => {
    setState((prev) => ({ ...prev, loading: true }));
    setGeneration((g) => g + 1);
  }, []);

  return { ...state, refetch };
}

export interface MutationResult<TResult, TVariables> {
  /** Runs the mutation; resolves to its data, or to null after an error (see `error`). */
  mutate: (variables: TVariables) => Promise<TResult | null>;
  loading: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

export function useMutation<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  options: RequestOptions = {},
): MutationResult<TResult, TVariables> {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const auth = options.auth;

  const mutate = useCallback(
    async (variables: TVariables): Promise<TResult | null> => {
      setLoading(true);
      setError(undefined);
      try {
        const data = await api.request(document, variables, { auth });
        return data;
      } catch (e) {
        setError(toApiError(e));
        return null;
      } finally {
        setLoading(false);
      }
    },
    [document, auth],
  );

  const reset = useCallback(() => {
    setError(undefined);
  }, []);

  return { mutate, loading, error, reset };
}

export interface UploadResult<TResult, TVariables> {
  /** Sends the mutation as a multipart request with `files` (by variable path); resolves to
   * its data, or to null after an error (see `error`). */
  upload: (variables: TVariables, files: UploadFiles) => Promise<TResult | null>;
  loading: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

export function useUpload<TResult, TVariables>(document: Document<TResult, TVariables>): UploadResult<TResult, TVariables> {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const upload = useCallback(
    async (variables: TVariables, files: UploadFiles): Promise<TResult | null> => {
      setLoading(true);
      setError(undefined);
      try {
        return await api.upload(document, variables, files);
      } catch (e) {
        setError(toApiError(e));
        return null;
      } finally {
        setLoading(false);
      }
    },
    [document],
  );

  const reset = useCallback(() => {
    setError(undefined);
  }, []);

  return { upload, loading, error, reset };
}
