// SIP trunks (carrier connections; the password is write-only) and SIP endpoints (desk phone
// accounts, optionally linked to a user).
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "../api/hooks";
import {
  createSipEndpointMutation,
  createSipTrunkMutation,
  deleteSipEndpointMutation,
  deleteSipTrunkMutation,
  sipEndpointsQuery,
  sipTrunksQuery,
  updateSipTrunkMutation,
  usersQuery,
} from "../api/operations";
import { ConfigPage, DeleteButton, RowList } from "../components/config";
import { ErrorAlert } from "../components/ErrorAlert";
import { CheckboxField, NumberField, SelectField, TextField } from "../components/fields";
import type { SipTrunkInput, SipTrunksQuery, UsersQuery } from "../gql/graphql";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type Trunk = SipTrunksQuery["sipTrunks"][number];
type User = UsersQuery["users"][number];
type Transport = "udp" | "tcp";

export function TrunksPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const users = useQuery(usersQuery, {});
  return (
    <ConfigPage title={t("trunks.title")} subtitle={t("trunks.subtitle")} readOnly={!manage} testId="trunks-page">
      <TrunksSection manage={manage} />
      <EndpointsSection manage={manage} users={users.data?.users ?? []} />
    </ConfigPage>
  );
}

function TrunksSection({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const trunks = useQuery(sipTrunksQuery, {});
  const [editing, setEditing] = useState<Trunk | null>(null);
  return (
    <>
      {manage && (
        <TrunkForm
          key={editing?.id ?? "new"}
          editing={editing}
          onDone={() => {
            setEditing(null);
            trunks.refetch();
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
      <section className="card" aria-labelledby="trunks-list-title">
        <h2 id="trunks-list-title">{t("trunks.list")}</h2>
        {trunks.error && <ErrorAlert error={trunks.error} onRetry={trunks.refetch} />}
        {!trunks.data && !trunks.error && <p className="muted">{t("common.loading")}</p>}
        {trunks.data?.sipTrunks.length === 0 && <p className="empty">{t("trunks.empty")}</p>}
        {trunks.data && trunks.data.sipTrunks.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="trunks-table">
              <thead>
                <tr>
                  <th scope="col">{t("trunks.columns.name")}</th>
                  <th scope="col">{t("trunks.columns.address")}</th>
                  <th scope="col">{t("trunks.columns.auth")}</th>
                  <th scope="col">{t("trunks.columns.sources")}</th>
                  {manage && <th scope="col" className="actions">{t("config.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {trunks.data.sipTrunks.map((trunk) => (
                  <tr key={trunk.id} data-trunk-id={trunk.id}>
                    <td>{trunk.name}</td>
                    <td>
                      <code>
                        {trunk.host}:{trunk.port}
                      </code>{" "}
                      <span className="badge">{trunk.transport.toUpperCase()}</span>
                    </td>
                    <td>
                      {trunk.username ?? "—"}{" "}
                      {trunk.hasPassword && <span className="badge badge-ok">{t("trunks.passwordSet")}</span>}
                    </td>
                    <td className="small">{trunk.allowedSources.length === 0 ? t("trunks.anySource") : trunk.allowedSources.join(", ")}</td>
                    {manage && (
                      <td className="actions">
                        <div className="row-buttons">
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => {
                              setEditing(trunk);
                            }}
                          >
                            {t("config.edit")}
                          </button>
                          <DeleteButton
                            document={deleteSipTrunkMutation}
                            variables={{ id: trunk.id }}
                            onDeleted={() => {
                              if (editing?.id === trunk.id) setEditing(null);
                              trunks.refetch();
                            }}
                          />
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function TrunkForm({ editing, onDone, onCancel }: { editing: Trunk | null; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const create = useMutation(createSipTrunkMutation);
  const update = useMutation(updateSipTrunkMutation);
  const [name, setName] = useState(editing?.name ?? "");
  const [host, setHost] = useState(editing?.host ?? "");
  const [port, setPort] = useState(editing?.port ?? 5060);
  const [transport, setTransport] = useState<Transport>(editing?.transport === "tcp" ? "tcp" : "udp");
  const [username, setUsername] = useState(editing?.username ?? "");
  const [password, setPassword] = useState("");
  const [clearPassword, setClearPassword] = useState(false);
  const [sources, setSources] = useState<string[]>(editing ? [...editing.allowedSources] : []);
  const [submitted, setSubmitted] = useState(false);
  const error = create.error ?? update.error;
  const loading = create.loading || update.loading;
  const fieldError = (field: string) => (error?.field === field ? error.message : null);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (name.trim() === "" || host.trim() === "") return;
    const input: SipTrunkInput = {
      name: name.trim(),
      host: host.trim(),
      port,
      transport,
      username: username.trim() === "" ? null : username.trim(),
      allowedSources: sources.map((s) => s.trim()).filter((s) => s !== ""),
    };
    // Omitted keeps the stored password, "" removes it.
    if (clearPassword) input.password = "";
    else if (password !== "") input.password = password;
    const ok = editing ? await update.mutate({ id: editing.id, input }) : await create.mutate({ input });
    if (ok) onDone();
  };

  return (
    <section className="card" aria-labelledby="trunk-form-title">
      <h2 id="trunk-form-title">{editing ? t("trunks.form.editTitle", { name: editing.name }) : t("trunks.form.createTitle")}</h2>
      {error && <ErrorAlert error={error} />}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="trunk-form">
        <div className="form-grid">
          <TextField
            label={t("trunks.form.name")}
            value={name}
            onValueChange={setName}
            error={submitted && name.trim() === "" ? t("validation.required") : fieldError("name")}
          />
          <TextField
            label={t("trunks.form.host")}
            value={host}
            placeholder="sip.carrier.example"
            onValueChange={setHost}
            error={submitted && host.trim() === "" ? t("validation.required") : fieldError("host")}
          />
          <NumberField label={t("trunks.form.port")} value={port} min={1} max={65535} onValueChange={setPort} error={fieldError("port")} />
          <SelectField<Transport>
            label={t("trunks.form.transport")}
            value={transport}
            options={[
              { value: "udp", label: "UDP" },
              { value: "tcp", label: "TCP" },
            ]}
            onValueChange={setTransport}
          />
          <TextField label={t("trunks.form.username")} value={username} autoComplete="off" onValueChange={setUsername} />
          <div>
            <TextField
              label={t("trunks.form.password")}
              type="password"
              autoComplete="new-password"
              value={password}
              disabled={clearPassword}
              hint={editing?.hasPassword ? t("trunks.form.passwordKeep") : t("trunks.form.passwordHint")}
              onValueChange={setPassword}
            />
            {editing?.hasPassword && (
              <CheckboxField label={t("trunks.form.clearPassword")} checked={clearPassword} onCheckedChange={setClearPassword} />
            )}
          </div>
        </div>
        <RowList
          legend={t("trunks.form.sources")}
          items={sources}
          onChange={setSources}
          newItem={() => ""}
          addLabel={t("trunks.form.addSource")}
          emptyLabel={t("trunks.anySource")}
          renderItem={(source, updateSource, i) => (
            <TextField
              label={t("trunks.form.source", { n: i + 1 })}
              value={source}
              placeholder="203.0.113.0/24"
              onValueChange={updateSource}
            />
          )}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={loading}>
            {loading ? t("config.saving") : editing ? t("config.saveChanges") : t("trunks.form.create")}
          </button>
          {editing && (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              {t("config.cancel")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function EndpointsSection({ manage, users }: { manage: boolean; users: readonly User[] }) {
  const { t } = useTranslation();
  const endpoints = useQuery(sipEndpointsQuery, {});
  const email = (id: string | null) => (id ? (users.find((u) => u.id === id)?.email ?? id) : t("trunks.endpoints.noUser"));
  return (
    <>
      {manage && <EndpointForm users={users} onDone={endpoints.refetch} />}
      <section className="card" aria-labelledby="endpoints-list-title">
        <h2 id="endpoints-list-title">{t("trunks.endpoints.list")}</h2>
        {endpoints.error && <ErrorAlert error={endpoints.error} onRetry={endpoints.refetch} />}
        {!endpoints.data && !endpoints.error && <p className="muted">{t("common.loading")}</p>}
        {endpoints.data?.sipEndpoints.length === 0 && <p className="empty">{t("trunks.endpoints.empty")}</p>}
        {endpoints.data && endpoints.data.sipEndpoints.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="endpoints-table">
              <thead>
                <tr>
                  <th scope="col">{t("trunks.endpoints.columns.username")}</th>
                  <th scope="col">{t("trunks.endpoints.columns.displayName")}</th>
                  <th scope="col">{t("trunks.endpoints.columns.user")}</th>
                  {manage && <th scope="col" className="actions">{t("config.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {endpoints.data.sipEndpoints.map((ep) => (
                  <tr key={ep.id} data-endpoint-id={ep.id}>
                    <td>
                      <code>{ep.username}</code>
                    </td>
                    <td>{ep.displayName}</td>
                    <td>{email(ep.userId)}</td>
                    {manage && (
                      <td className="actions">
                        <DeleteButton document={deleteSipEndpointMutation} variables={{ id: ep.id }} onDeleted={endpoints.refetch} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function EndpointForm({ users, onDone }: { users: readonly User[]; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useMutation(createSipEndpointMutation);
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [userId, setUserId] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const fieldError = (field: string) => (create.error?.field === field ? create.error.message : null);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (username.trim() === "" || password === "") return;
    const ok = await create.mutate({
      input: { username: username.trim(), displayName: displayName.trim(), password, userId: userId === "" ? null : userId },
    });
    if (ok) {
      setUsername("");
      setDisplayName("");
      setPassword("");
      setUserId("");
      setSubmitted(false);
      onDone();
    }
  };

  return (
    <section className="card" aria-labelledby="endpoint-form-title">
      <h2 id="endpoint-form-title">{t("trunks.endpoints.createTitle")}</h2>
      <p className="muted">{t("trunks.endpoints.subtitle")}</p>
      {create.error && <ErrorAlert error={create.error} />}
      <form className="form form-inline" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="endpoint-form">
        <TextField
          label={t("trunks.endpoints.username")}
          value={username}
          autoComplete="off"
          onValueChange={setUsername}
          error={submitted && username.trim() === "" ? t("validation.required") : fieldError("username")}
        />
        <TextField label={t("trunks.endpoints.displayName")} value={displayName} onValueChange={setDisplayName} />
        <TextField
          label={t("trunks.endpoints.password")}
          type="password"
          autoComplete="new-password"
          value={password}
          onValueChange={setPassword}
          error={submitted && password === "" ? t("validation.required") : fieldError("password")}
        />
        <SelectField
          label={t("trunks.endpoints.user")}
          value={userId}
          options={[{ value: "", label: t("trunks.endpoints.noUser") }, ...users.map((u) => ({ value: u.id, label: u.email }))]}
          onValueChange={setUserId}
        />
        <button type="submit" className="button button-primary" disabled={create.loading}>
          {create.loading ? t("config.saving") : t("trunks.endpoints.create")}
        </button>
      </form>
    </section>
  );
}
