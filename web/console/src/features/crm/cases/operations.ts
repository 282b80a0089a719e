// Cases and the departments they are escalated to: lists, one case, creating, notes,
// escalating, closing and rating.
import { graphql } from "../../../gql";

export const departmentsQuery = graphql(`
  query Departments {
    departments {
      id
      name
      parentId
      categories
      slaMinutes
    }
  }
`);

export const createDepartmentMutation = graphql(`
  mutation CreateDepartment($input: DepartmentInput!) {
    createDepartment(input: $input) {
      id
    }
  }
`);

export const caseFields = graphql(`
  fragment CaseFields on Case {
    id
    kind
    category
    priority
    subject
    description
    contactId
    channel
    departmentId
    status
    escalationLevel
    dueAt
    resolution
    notifiedVia
    satisfaction
    createdAt
    closedAt
    events {
      kind
      text
      actor
      at
    }
  }
`);

export const casesQuery = graphql(`
  query Cases($status: String, $limit: Int!) {
    cases(status: $status, limit: $limit) {
      ...CaseFields
    }
  }
`);

export const caseQuery = graphql(`
  query Case($id: ID!) {
    case(id: $id) {
      ...CaseFields
    }
  }
`);

export const createCaseMutation = graphql(`
  mutation CreateCase($input: CaseInput!) {
    createCase(input: $input) {
      id
    }
  }
`);

export const addCaseNoteMutation = graphql(`
  mutation AddCaseNote($id: ID!, $text: String!) {
    addCaseNote(id: $id, text: $text)
  }
`);

export const escalateCaseMutation = graphql(`
  mutation EscalateCase($id: ID!, $reason: String!) {
    escalateCase(id: $id, reason: $reason) {
      id
    }
  }
`);

export const closeCaseMutation = graphql(`
  mutation CloseCase($id: ID!, $resolution: String!, $notifiedVia: String!) {
    closeCase(id: $id, resolution: $resolution, notifiedVia: $notifiedVia) {
      id
    }
  }
`);

export const rateCaseMutation = graphql(`
  mutation RateCase($id: ID!, $score: Int!) {
    rateCase(id: $id, score: $score) {
      id
    }
  }
`);
