// Creating or renaming a skill group (its name and description).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SkillGroupsQuery } from "../../../gql/graphql";
import { TextField } from "../../../kit/fields";
import { FormActions, FormCard } from "../../../kit/FormActions";
import type { FormSlot } from "../../../kit/ResourcePage";
import { useResourceForm } from "../../../kit/useResourceForm";
import { createSkillGroupMutation, updateSkillGroupMutation } from "./operations";

export type SkillGroup = SkillGroupsQuery["skillGroups"][number];

export function GroupForm({ editing, done, cancel }: FormSlot<SkillGroup>) {
  const { t } = useTranslation();
  const f = useResourceForm({ create: createSkillGroupMutation, update: updateSkillGroupMutation, editing });
  const [name, setName] = useState(editing?.name ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");

  const onSubmit = async () => {
    if (await f.submit({ name: name.trim(), description: description.trim() }, [name])) done();
  };

  return (
    <FormCard
      id="skill-group"
      title={editing ? t("skills.form.editTitle", { name: editing.name }) : t("skills.form.createTitle")}
      error={f.error}
      inline
      onSubmit={onSubmit}
    >
      <TextField label={t("skills.form.name")} value={name} onValueChange={setName} error={f.requiredError("name", name)} />
      <TextField label={t("skills.form.description")} value={description} onValueChange={setDescription} />
      <FormActions loading={f.loading} editing={editing !== null} create={t("skills.form.create")} onCancel={cancel} inline />
    </FormCard>
  );
}
