// Skill groups: groups of users with a proficiency from 1 (learning) to 5 (expert); members
// are added, re-rated and removed in place.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "../api/hooks";
import {
  createSkillGroupMutation,
  deleteSkillGroupMutation,
  removeSkillGroupMemberMutation,
  setSkillGroupMemberMutation,
  skillGroupsQuery,
  updateSkillGroupMutation,
  usersQuery,
} from "../api/operations";
import { ConfigPage, DeleteButton } from "../components/config";
import { ErrorAlert } from "../components/ErrorAlert";
import { SelectField, TextField } from "../components/fields";
import type { SkillGroupsQuery, UsersQuery } from "../gql/graphql";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type SkillGroup = SkillGroupsQuery["skillGroups"][number];
type User = UsersQuery["users"][number];

const LEVELS = ["1", "2", "3", "4", "5"] as const;
type Level = (typeof LEVELS)[number];

export function SkillGroupsPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const groups = useQuery(skillGroupsQuery, {});
  const users = useQuery(usersQuery, {});
  const [editing, setEditing] = useState<SkillGroup | null>(null);

  return (
    <ConfigPage title={t("skills.title")} subtitle={t("skills.subtitle")} readOnly={!manage} testId="skills-page">
      {manage && (
        <GroupForm
          key={editing?.id ?? "new"}
          editing={editing}
          onDone={() => {
            setEditing(null);
            groups.refetch();
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
      {groups.error && <ErrorAlert error={groups.error} onRetry={groups.refetch} />}
      {users.error && <ErrorAlert error={users.error} onRetry={users.refetch} />}
      {!groups.data && !groups.error && <p className="muted">{t("common.loading")}</p>}
      {groups.data?.skillGroups.length === 0 && (
        <section className="card">
          <p className="empty">{t("skills.empty")}</p>
        </section>
      )}
      {groups.data?.skillGroups.map((group) => (
        <GroupCard
          key={group.id}
          group={group}
          users={users.data?.users ?? []}
          manage={manage}
          onEdit={() => {
            setEditing(group);
          }}
          onChanged={groups.refetch}
        />
      ))}
    </ConfigPage>
  );
}

function GroupForm({
  editing,
  onDone,
  onCancel,
}: {
  editing: SkillGroup | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const create = useMutation(createSkillGroupMutation);
  const update = useMutation(updateSkillGroupMutation);
  const [name, setName] = useState(editing?.name ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [submitted, setSubmitted] = useState(false);
  const error = create.error ?? update.error;
  const loading = create.loading || update.loading;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (name.trim() === "") return;
    const input = { name: name.trim(), description: description.trim() };
    const ok = editing ? await update.mutate({ id: editing.id, input }) : await create.mutate({ input });
    if (ok) {
      setName("");
      setDescription("");
      setSubmitted(false);
      onDone();
    }
  };

  return (
    <section className="card" aria-labelledby="skill-form-title">
      <h2 id="skill-form-title">{editing ? t("skills.form.editTitle", { name: editing.name }) : t("skills.form.createTitle")}</h2>
      {error && <ErrorAlert error={error} />}
      <form className="form form-inline" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="skill-group-form">
        <TextField
          label={t("skills.form.name")}
          value={name}
          onValueChange={setName}
          error={submitted && name.trim() === "" ? t("validation.required") : error?.field === "name" ? error.message : null}
        />
        <TextField label={t("skills.form.description")} value={description} onValueChange={setDescription} />
        <button type="submit" className="button button-primary" disabled={loading}>
          {loading ? t("config.saving") : editing ? t("config.saveChanges") : t("skills.form.create")}
        </button>
        {editing && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t("config.cancel")}
          </button>
        )}
      </form>
    </section>
  );
}

function GroupCard({
  group,
  users,
  manage,
  onEdit,
  onChanged,
}: {
  group: SkillGroup;
  users: readonly User[];
  manage: boolean;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const setMember = useMutation(setSkillGroupMemberMutation);
  const removeMember = useMutation(removeSkillGroupMemberMutation);
  const email = (id: string) => users.find((u) => u.id === id)?.email ?? id;
  const candidates = users.filter((u) => u.active && !group.members.some((m) => m.userId === u.id));
  const [userId, setUserId] = useState("");
  const [level, setLevel] = useState<Level>("3");
  const chosen = candidates.some((u) => u.id === userId) ? userId : (candidates[0]?.id ?? "");
  const error = setMember.error ?? removeMember.error;
  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`skills.levels.${l}`) }));

  return (
    <section className="card" aria-label={group.name} data-testid="skill-group" data-group-id={group.id}>
      <div className="card-header">
        <div>
          <h2>{group.name}</h2>
          {group.description && <p className="muted">{group.description}</p>}
        </div>
        {manage && (
          <div className="card-header-actions">
            <button type="button" className="button button-secondary button-small" onClick={onEdit}>
              {t("config.edit")}
            </button>
            <DeleteButton document={deleteSkillGroupMutation} variables={{ id: group.id }} onDeleted={onChanged} />
          </div>
        )}
      </div>
      {error && <ErrorAlert error={error} />}
      {group.members.length === 0 ? (
        <p className="empty">{t("skills.noMembers")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="skill-members">
            <thead>
              <tr>
                <th scope="col">{t("skills.columns.member")}</th>
                <th scope="col">{t("skills.columns.proficiency")}</th>
                {manage && <th scope="col" className="actions">{t("config.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {group.members.map((m) => (
                <tr key={m.userId} data-user-id={m.userId}>
                  <td>{email(m.userId)}</td>
                  <td>
                    {manage ? (
                      <select
                        className="inline-select"
                        aria-label={t("skills.proficiencyOf", { email: email(m.userId) })}
                        value={String(m.proficiency)}
                        disabled={setMember.loading}
                        onChange={(e) => {
                          void setMember
                            .mutate({ skillGroupId: group.id, userId: m.userId, proficiency: Number(e.target.value) })
                            .then((data) => {
                              if (data) onChanged();
                            });
                        }}
                      >
                        {levelOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`skills.levels.${String(m.proficiency) as Level}`)
                    )}
                  </td>
                  {manage && (
                    <td className="actions">
                      <button
                        type="button"
                        className="button button-danger button-small"
                        disabled={removeMember.loading}
                        onClick={() => {
                          void removeMember.mutate({ skillGroupId: group.id, userId: m.userId }).then((data) => {
                            if (data !== null) onChanged();
                          });
                        }}
                      >
                        {t("skills.remove")}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && candidates.length > 0 && (
        <form
          className="form form-inline"
          noValidate
          data-testid="skill-member-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen === "") return;
            void setMember
              .mutate({ skillGroupId: group.id, userId: chosen, proficiency: Number(level) })
              .then((data) => {
                if (data) onChanged();
              });
          }}
        >
          <SelectField
            label={t("skills.addMember.user")}
            value={chosen}
            options={candidates.map((u) => ({ value: u.id, label: u.email }))}
            onValueChange={setUserId}
          />
          <SelectField label={t("skills.addMember.proficiency")} value={level} options={levelOptions} onValueChange={setLevel} />
          <button type="submit" className="button button-primary" disabled={setMember.loading}>
            {t("skills.addMember.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
