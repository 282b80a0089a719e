// Skill groups: groups of users with a proficiency from 1 (learning) to 5 (expert), one card per
// group; members are added, re-rated and removed in place.
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "../../../api/hooks";
import { ErrorAlert } from "../../../kit/ErrorAlert";
import { PageFrame } from "../../../kit/ResourcePage";
import { useEditing } from "../../../kit/useEditing";
import { useManageConfig } from "../../../shell/context";
import { useUsers } from "../../../shell/useUsers";
import { GroupCard } from "./GroupCard";
import { GroupForm, type SkillGroup } from "./Form";
import { skillGroupsQuery } from "./operations";

export function SkillGroupsPage() {
  const { t } = useTranslation();
  const manage = useManageConfig();
  const groups = useQuery(skillGroupsQuery, {});
  const users = useUsers();
  const editing = useEditing<SkillGroup>(groups.refetch);

  return (
    <PageFrame title={t("skills.title")} subtitle={t("skills.subtitle")} readOnly={!manage} testId="skills-page">
      {manage && (
        <Fragment key={editing.formKey}>
          <GroupForm {...editing} />
        </Fragment>
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
          users={users.users}
          manage={manage}
          onEdit={() => {
            editing.edit(group);
          }}
          onDeleted={() => {
            editing.removed(group);
          }}
          onChanged={groups.refetch}
        />
      ))}
    </PageFrame>
  );
}
