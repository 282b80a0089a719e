// Contacts: the list, one contact with its timeline, the caller look-up by phone, saving,
// merging and adding a note.
import { graphql } from "../../../gql";

export const contactFields = graphql(`
  fragment ContactFields on Contact {
    id
    name
    phones {
      number
      label
    }
    emails
    tags
    vipLevel
    preferredLanguage
    notes
    dedicatedAgentId
    consent {
      calls
      sms
      email
      marketing
    }
    mergedInto
    updatedAt
  }
`);

export const timelineEventFields = graphql(`
  fragment TimelineEventFields on TimelineEvent {
    id
    kind
    summary
    data
    at
  }
`);

export const contactsQuery = graphql(`
  query Contacts($query: String, $limit: Int!) {
    contacts(query: $query, limit: $limit) {
      ...ContactFields
    }
  }
`);

export const contactQuery = graphql(`
  query Contact($id: ID!, $timelineLimit: Int!) {
    contact(id: $id) {
      ...ContactFields
      timeline(limit: $timelineLimit) {
        ...TimelineEventFields
      }
    }
  }
`);

export const contactByPhoneQuery = graphql(`
  query ContactByPhone($number: String!) {
    contactByPhone(number: $number) {
      ...ContactFields
    }
  }
`);

export const createContactMutation = graphql(`
  mutation CreateContact($input: ContactInput!) {
    createContact(input: $input) {
      ...ContactFields
    }
  }
`);

export const updateContactMutation = graphql(`
  mutation UpdateContact($id: ID!, $input: ContactInput!) {
    updateContact(id: $id, input: $input) {
      ...ContactFields
    }
  }
`);

export const mergeContactsMutation = graphql(`
  mutation MergeContacts($targetId: ID!, $sourceId: ID!) {
    mergeContacts(targetId: $targetId, sourceId: $sourceId) {
      ...ContactFields
    }
  }
`);

export const addContactNoteMutation = graphql(`
  mutation AddContactNote($id: ID!, $text: String!) {
    addContactNote(id: $id, text: $text) {
      ...TimelineEventFields
    }
  }
`);
