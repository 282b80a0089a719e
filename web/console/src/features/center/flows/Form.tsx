// Creating an IVR flow (a name and a description), which then opens in the editor.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { TextField } from "../../../kit/fields";
import { FormActions, FormCard } from "../../../kit/FormActions";
import { useResourceForm } from "../../../kit/useResourceForm";
import { createIvrFlowMutation } from "./operations";

export function CreateFlowForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const f = useResourceForm({ create: createIvrFlowMutation });
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");

  const onSubmit = async () => {
    const data = await f.submit({ name: name.trim(), description: description.trim() }, [name]);
    if (data) void navigate(`/flows/${data.createIvrFlow.id}`);
  };

  return (
    <FormCard id="flow" title={t("flows.create.title")} error={f.error} inline onSubmit={onSubmit}>
      <TextField label={t("flows.create.name")} value={name} onValueChange={setName} error={f.requiredError("name", name)} />
      <TextField label={t("flows.create.description")} value={description} onValueChange={setDescription} />
      <FormActions loading={f.loading} create={t("flows.create.submit")} inline />
    </FormCard>
  );
}
