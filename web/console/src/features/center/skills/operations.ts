// Skill groups: the list with members, saving or deleting a group, and setting or removing a
// member's proficiency.
import { graphql } from "../../../gql";

export const skillGroupsQuery = graphql(`
  query SkillGroups {
    skillGroups {
      id
      name
      description
      members {
        userId
        proficiency
      }
    }
  }
`);

export const createSkillGroupMutation = graphql(`
  mutation CreateSkillGroup($input: SkillGroupInput!) {
    createSkillGroup(input: $input) {
      id
    }
  }
`);

export const updateSkillGroupMutation = graphql(`
  mutation UpdateSkillGroup($id: ID!, $input: SkillGroupInput!) {
    updateSkillGroup(id: $id, input: $input) {
      id
    }
  }
`);

export const deleteSkillGroupMutation = graphql(`
  mutation DeleteSkillGroup($id: ID!) {
    deleteSkillGroup(id: $id)
  }
`);

export const setSkillGroupMemberMutation = graphql(`
  mutation SetSkillGroupMember($skillGroupId: ID!, $userId: ID!, $proficiency: Int!) {
    setSkillGroupMember(skillGroupId: $skillGroupId, userId: $userId, proficiency: $proficiency) {
      id
      members {
        userId
        proficiency
      }
    }
  }
`);

export const removeSkillGroupMemberMutation = graphql(`
  mutation RemoveSkillGroupMember($skillGroupId: ID!, $userId: ID!) {
    removeSkillGroupMember(skillGroupId: $skillGroupId, userId: $userId)
  }
`);
