// One skill group as a card: its name and description, Edit and Delete, the members with their
// proficiency (changed in place), and adding a member.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "../../../api/hooks";
import { DeleteButton } from "../../../kit/DeleteButton";
import { ErrorAlert } from "../../../kit/ErrorAlert";
import { SelectField } from "../../../kit/fields";
import { ResourceTable, type Column } from "../../../kit/ResourceTable";
import type { User } from "../../../shell/useUsers";
import type { SkillGroup } from "./Form";
import { deleteSkillGroupMutation, removeSkillGroupMemberMutation, setSkillGroupMemberMutation } from "./operations";

const LEVELS = ["1", "2", "3", "4", "5"] as const;
type Level = (typeof LEVELS)[number];

interface Member {
  id: string;
  proficiency: number;
}

export function GroupCard({
  group,
  users,
  manage,
  onEdit,
  onDeleted,
  onChanged,
}: {
  group: SkillGroup;
  users: readonly User[];
  manage: boolean;
  onEdit: () => void;
  onDeleted: () => void;
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
  const save = (memberId: string, proficiency: number) => {
    void setMember.mutate({ skillGroupId: group.id, userId: memberId, proficiency }).then((data) => {
      if (data) onChanged();
    });
  };

  const columns: Column<Member>[] = [
    { header: t("skills.columns.member"), cell: (m) => email(m.id) },
    {
      header: t("skills.columns.proficiency"),
      cell: (m) =>
        manage ? (
          <select
            className="inline-select"
            aria-label={t("skills.proficiencyOf", { email: email(m.id) })}
            value={String(m.proficiency)}
            disabled={setMember.loading}
            onChange={(e) => {
              save(m.id, Number(e.target.value));
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
        ),
    },
  ];
  if (manage) {
    columns.push({
      header: t("config.actions"),
      className: "actions",
      cell: (m) => (
        <button
          type="button"
          className="button button-danger button-small"
          disabled={removeMember.loading}
          onClick={() => {
            void removeMember.mutate({ skillGroupId: group.id, userId: m.id }).then((data) => {
              if (data !== null) onChanged();
            });
          }}
        >
          {t("skills.remove")}
        </button>
      ),
    });
  }

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
            <DeleteButton document={deleteSkillGroupMutation} variables={{ id: group.id }} onDeleted={onDeleted} />
          </div>
        )}
      </div>
      {error && <ErrorAlert error={error} />}
      <ResourceTable
        rows={group.members.map((m) => ({ id: m.userId, proficiency: m.proficiency }))}
        columns={columns}
        empty={t("skills.noMembers")}
        testId="skill-members"
        rowProps={(m) => ({ "data-user-id": m.id })}
      />
      {manage && candidates.length > 0 && (
        <form
          className="form form-inline"
          noValidate
          data-testid="skill-member-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen !== "") save(chosen, Number(level));
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
