// Adding a desk phone: the SIP username and password it registers with, a display name and
// the user whose calls it rings.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SipEndpointsQuery } from "../../../gql/graphql";
import { SelectField, TextField } from "../../../kit/fields";
import { FormActions, FormCard } from "../../../kit/FormActions";
import type { FormSlot } from "../../../kit/ResourcePage";
import { useResourceForm } from "../../../kit/useResourceForm";
import type { User } from "../../../shell/useUsers";
import { createSipEndpointMutation } from "./operations";

type Endpoint = SipEndpointsQuery["sipEndpoints"][number];

export function DeskPhoneForm({ users, done }: FormSlot<Endpoint> & { users: readonly User[] }) {
  const { t } = useTranslation();
  const f = useResourceForm({ create: createSipEndpointMutation });
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [userId, setUserId] = useState("");

  const onSubmit = async () => {
    const input = { username: username.trim(), displayName: displayName.trim(), password, userId: userId === "" ? null : userId };
    if (await f.submit(input, [username, password])) done();
  };

  return (
    <FormCard
      id="endpoint"
      title={t("trunks.endpoints.createTitle")}
      subtitle={t("trunks.endpoints.subtitle")}
      error={f.error}
      inline
      onSubmit={onSubmit}
    >
      <TextField
        label={t("trunks.endpoints.username")}
        value={username}
        autoComplete="off"
        onValueChange={setUsername}
        error={f.requiredError("username", username)}
      />
      <TextField label={t("trunks.endpoints.displayName")} value={displayName} onValueChange={setDisplayName} />
      <TextField
        label={t("trunks.endpoints.password")}
        type="password"
        autoComplete="new-password"
        value={password}
        onValueChange={setPassword}
        error={f.requiredError("password", password)}
      />
      <SelectField
        label={t("trunks.endpoints.user")}
        value={userId}
        options={[{ value: "", label: t("trunks.endpoints.noUser") }, ...users.map((u) => ({ value: u.id, label: u.email }))]}
        onValueChange={setUserId}
      />
      <FormActions loading={f.loading} create={t("trunks.endpoints.create")} inline />
    </FormCard>
  );
}
