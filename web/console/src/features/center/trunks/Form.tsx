// Adding or editing a SIP trunk: where the carrier is, how to reach it, the credentials (the
// password is write-only: kept when left empty, removed on request) and the addresses it may
// call from.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SipTrunkInput, SipTrunksQuery } from "../../../gql/graphql";
import { CheckboxField, NumberField, SelectField, TextField } from "../../../kit/fields";
import { FormActions, FormCard } from "../../../kit/FormActions";
import type { FormSlot } from "../../../kit/ResourcePage";
import { RowList } from "../../../kit/RowList";
import { useResourceForm } from "../../../kit/useResourceForm";
import { createSipTrunkMutation, updateSipTrunkMutation } from "./operations";

type Trunk = SipTrunksQuery["sipTrunks"][number];
type Transport = "udp" | "tcp";

export function TrunkForm({ editing, done, cancel }: FormSlot<Trunk>) {
  const { t } = useTranslation();
  const f = useResourceForm({ create: createSipTrunkMutation, update: updateSipTrunkMutation, editing });
  const [name, setName] = useState(editing?.name ?? "");
  const [host, setHost] = useState(editing?.host ?? "");
  const [port, setPort] = useState(editing?.port ?? 5060);
  const [transport, setTransport] = useState<Transport>(editing?.transport === "tcp" ? "tcp" : "udp");
  const [username, setUsername] = useState(editing?.username ?? "");
  const [password, setPassword] = useState("");
  const [clearPassword, setClearPassword] = useState(false);
  const [sources, setSources] = useState<string[]>(editing ? [...editing.allowedSources] : []);

  const onSubmit = async () => {
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
    if (await f.submit(input, [name, host])) done();
  };

  return (
    <FormCard
      id="trunk"
      title={editing ? t("trunks.form.editTitle", { name: editing.name }) : t("trunks.form.createTitle")}
      error={f.error}
      onSubmit={onSubmit}
    >
      <div className="form-grid">
        <TextField label={t("trunks.form.name")} value={name} onValueChange={setName} error={f.requiredError("name", name)} />
        <TextField
          label={t("trunks.form.host")}
          value={host}
          placeholder="sip.carrier.example"
          onValueChange={setHost}
          error={f.requiredError("host", host)}
        />
        <NumberField
          label={t("trunks.form.port")}
          value={port}
          min={1}
          max={65535}
          onValueChange={setPort}
          error={f.fieldError("port")}
        />
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
      <FormActions loading={f.loading} editing={editing !== null} create={t("trunks.form.create")} onCancel={cancel} />
    </FormCard>
  );
}
