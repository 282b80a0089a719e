import { describe, expect, it, vi } from "vitest";
import { buildMultipartBody, GraphQLClient, type Document } from "./client";
import { ApiError } from "./errors";
import { StorageTokenStore, tokensFromPayload, type KeyValueStorage, type Tokens } from "./tokens";

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

const MeDoc = { toString: () => "query Me { me { id } }" } as Document<
  { me: { id: string } },
  Record<string, never>
>;
const RefreshDoc = {
  toString: () => "mutation Refresh($refreshToken: String!) { refresh(refreshToken: $refreshToken) { accessToken refreshToken expiresIn } }",
} as Document<
  { refresh: { accessToken: string; refreshToken: string; expiresIn: number } },
  { refreshToken: string }
>;

const NOW = 1_000_000;

/** A fake backend: accepts one access token at a time and rotates refresh tokens. */
function fakeServer() {
  const state = {
    validAccess: "a1",
    validRefresh: "r1",
    generation: 1,
    refreshCalls: 0,
    meCalls: 0,
    uploads: [] as { contentType: string | undefined; fileName: string; size: number }[],
  };
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
  const unauthenticated = () =>
    json({ data: null, errors: [{ message: "token expired", extensions: { code: "UNAUTHENTICATED" } }] });
  const fetchFn = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    await Promise.resolve();
    const raw = init?.body;
    const form = raw instanceof FormData ? raw : null;
    const body = JSON.parse(form ? (form.get("operations") as string) : (raw as string)) as {
      query: string;
      variables: Record<string, string>;
    };
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (form) {
      if (headers.authorization !== `Bearer ${state.validAccess}`) return unauthenticated();
      const file = form.get("0") as File;
      state.uploads.push({ contentType: headers["content-type"], fileName: file.name, size: file.size });
      return json({ data: { uploadPrompt: { id: "p1", name: body.variables.name } } });
    }
    if (body.query.startsWith("mutation Refresh")) {
      state.refreshCalls += 1;
      if (headers.authorization !== undefined) throw new Error("refresh must not send a bearer");
      if (body.variables.refreshToken !== state.validRefresh) return unauthenticated();
      state.generation += 1;
      state.validAccess = `a${state.generation}`;
      state.validRefresh = `r${state.generation}`;
      return json({ data: { refresh: { accessToken: state.validAccess, refreshToken: state.validRefresh, expiresIn: 900 } } });
    }
    state.meCalls += 1;
    if (headers.authorization !== `Bearer ${state.validAccess}`) return unauthenticated();
    return json({ data: { me: { id: "u1" } } });
  });
  return { state, fetchFn };
}

function setup(initial: Tokens | null) {
  const server = fakeServer();
  const store = new StorageTokenStore(new MemoryStorage());
  store.save(initial);
  const client = new GraphQLClient({
    endpoint: "/graphql",
    tokens: store,
    fetch: server.fetchFn,
    now: () => NOW,
    refresh: async (c, refreshToken) => {
      const data = await c.request(RefreshDoc, { refreshToken }, { auth: false });
      return tokensFromPayload(data.refresh, NOW);
    },
  });
  const expired = vi.fn();
  client.onSessionExpired(expired);
  return { server, store, client, expired };
}

const valid: Tokens = { accessToken: "a1", refreshToken: "r1", expiresAt: NOW + 600_000 };

describe("GraphQLClient", () => {
  it("sends the bearer token and returns data", async () => {
    const { client, server } = setup(valid);
    await expect(client.request(MeDoc, {})).resolves.toEqual({ me: { id: "u1" } });
    expect(server.state.refreshCalls).toBe(0);
  });

  it("refreshes once on UNAUTHENTICATED, stores the rotated pair and retries", async () => {
    const { client, server, store, expired } = setup(valid);
    server.state.validAccess = "revoked"; // the server no longer accepts a1
    await expect(client.request(MeDoc, {})).resolves.toEqual({ me: { id: "u1" } });
    expect(server.state.refreshCalls).toBe(1);
    expect(store.load()).toEqual({ accessToken: "a2", refreshToken: "r2", expiresAt: NOW + 900_000 });
    expect(expired).not.toHaveBeenCalled();
  });

  it("shares one refresh between concurrent callers (refresh tokens rotate)", async () => {
    const { client, server, store } = setup(valid);
    server.state.validAccess = "revoked";
    const results = await Promise.all([client.request(MeDoc, {}), client.request(MeDoc, {}), client.request(MeDoc, {})]);
    expect(results).toHaveLength(3);
    expect(server.state.refreshCalls).toBe(1);
    expect(store.load()?.refreshToken).toBe("r2");
  });

  it("reuses a pair another tab already rotated instead of refreshing again", async () => {
    const { client, server, store } = setup(valid);
    server.state.validAccess = "a7";
    // Another tab refreshed while our request was in flight.
    server.fetchFn.mockImplementationOnce(() => {
      store.save({ accessToken: "a7", refreshToken: "r7", expiresAt: NOW + 600_000 });
      return Promise.resolve(
        new Response(JSON.stringify({ errors: [{ message: "expired", extensions: { code: "UNAUTHENTICATED" } }] })),
      );
    });
    await expect(client.request(MeDoc, {})).resolves.toEqual({ me: { id: "u1" } });
    expect(server.state.refreshCalls).toBe(0);
  });

  it("ends the session when the refresh token is refused", async () => {
    const { client, server, store, expired } = setup(valid);
    server.state.validAccess = "revoked";
    server.state.validRefresh = "other";
    const error = await client.request(MeDoc, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("UNAUTHENTICATED");
    expect(store.load()).toBeNull();
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it("refreshes ahead of time when the access token is about to expire", async () => {
    const { client, server } = setup({ ...valid, expiresAt: NOW + 5_000 });
    await client.request(MeDoc, {});
    expect(server.state.refreshCalls).toBe(1);
    expect(server.state.meCalls).toBe(1);
  });

  it("does not refresh for unauthenticated calls such as logIn", async () => {
    const { client, server, expired } = setup(null);
    server.state.validAccess = "nobody";
    const error = await client.request(MeDoc, {}, { auth: false }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("UNAUTHENTICATED");
    expect(server.state.refreshCalls).toBe(0);
    expect(expired).not.toHaveBeenCalled();
  });

  it("keeps the session on a network failure during refresh", async () => {
    const { client, server, store, expired } = setup({ ...valid, expiresAt: NOW });
    server.fetchFn.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    const error = await client.request(MeDoc, {}).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("NETWORK");
    expect(store.load()).toEqual({ ...valid, expiresAt: NOW });
    expect(expired).not.toHaveBeenCalled();
  });

  it("turns GraphQL errors into ApiError with the server's code, message and field", async () => {
    const { client, server } = setup(valid);
    server.fetchFn.mockResolvedValueOnce(
      new Response(JSON.stringify({ data: null, errors: [{ message: "slug taken", extensions: { code: "CONFLICT", field: "tenantSlug" } }] })),
    );
    const error = (await client.request(MeDoc, {}).catch((e: unknown) => e)) as ApiError;
    expect([error.code, error.message, error.field]).toEqual(["CONFLICT", "slug taken", "tenantSlug"]);
  });
});

describe("GraphQLClient without a session", () => {
  it("fails authenticated calls without announcing an expiry", async () => {
    const { client, server, expired } = setup(null);
    const error = await client.request(MeDoc, {}).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("UNAUTHENTICATED");
    expect(server.fetchFn).not.toHaveBeenCalled();
    expect(expired).not.toHaveBeenCalled();
  });
});

const UploadDoc = {
  toString: () => "mutation UploadPrompt($name: String!, $file: Upload!) { uploadPrompt(name: $name, file: $file) { id name } }",
} as Document<{ uploadPrompt: { id: string; name: string } }, { name: string; file: File | null }>;

describe("multipart uploads", () => {
  it("builds operations with the file variable nulled, the map and one part per file", async () => {
    const file = new File([new Uint8Array([1, 2, 3])], "hello.wav", { type: "audio/wav" });
    const form = buildMultipartBody("mutation U", { name: "Hi", file, nested: { f: "x" } }, {
      "variables.file": file,
      "variables.nested.f": new File(["abc"], "b.txt"),
    });
    expect(JSON.parse(form.get("operations") as string)).toEqual({
      query: "mutation U",
      variables: { name: "Hi", file: null, nested: { f: null } },
    });
    expect(JSON.parse(form.get("map") as string)).toEqual({ "0": ["variables.file"], "1": ["variables.nested.f"] });
    const part = form.get("0") as File;
    expect(part.name).toBe("hello.wav");
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect((form.get("1") as File).name).toBe("b.txt");
    expect([...form.keys()]).toEqual(["operations", "map", "0", "1"]);
  });

  it("refuses paths outside the variables", () => {
    expect(() => buildMultipartBody("q", {}, { file: new File([], "a") })).toThrow();
    expect(() => buildMultipartBody("q", {}, { "variables.missing.file": new File([], "a") })).toThrow();
  });

  it("sends the bearer token, lets fetch set the multipart type, and refreshes on UNAUTHENTICATED", async () => {
    const { client, server } = setup(valid);
    server.state.validAccess = "revoked";
    const file = new File([new Uint8Array(16)], "greeting.wav");
    await expect(client.upload(UploadDoc, { name: "Greeting", file: null }, { "variables.file": file })).resolves.toEqual({
      uploadPrompt: { id: "p1", name: "Greeting" },
    });
    expect(server.state.refreshCalls).toBe(1);
    expect(server.state.uploads).toEqual([{ contentType: undefined, fileName: "greeting.wav", size: 16 }]);
  });
});
