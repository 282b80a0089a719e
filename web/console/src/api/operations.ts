// Every GraphQL operation the console sends. `npm run codegen` checks them against the schema
// and generates their result and variable types into src/gql/.
import { graphql } from "../gql";

export const meQuery = graphql(`
  query Me {
    me {
      id
      email
      role
      active
      createdAt
      tenant {
        id
        slug
        name
        createdAt
      }
    }
  }
`);

export const usersQuery = graphql(`
  query Users {
    users {
      id
      email
      role
      active
      createdAt
    }
  }
`);

export const invitationsQuery = graphql(`
  query Invitations {
    invitations {
      id
      email
      role
      createdAt
      expiresAt
      acceptedAt
      revokedAt
    }
  }
`);

export const signUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

export const logInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

export const acceptInviteMutation = graphql(`
  mutation AcceptInvite($input: AcceptInviteInput!) {
    acceptInvite(input: $input) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

export const refreshMutation = graphql(`
  mutation Refresh($refreshToken: String!) {
    refresh(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

export const logOutMutation = graphql(`
  mutation LogOut($refreshToken: String!) {
    logOut(refreshToken: $refreshToken)
  }
`);

export const changePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const inviteUserMutation = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      id
      token
      invitation {
        id
        email
        role
        expiresAt
      }
    }
  }
`);

export const revokeInvitationMutation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
      revokedAt
    }
  }
`);

export const deactivateUserMutation = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      active
    }
  }
`);

export const reactivateUserMutation = graphql(`
  mutation ReactivateUser($id: ID!) {
    reactivateUser(id: $id) {
      id
      active
    }
  }
`);

export const tenantEventsSubscription = graphql(`
  subscription TenantEvents {
    tenantEvents {
      id
      kind
      at
      data
    }
  }
`);

// ---------- center configuration (supervisors read, admins and owners change) ----------

export const phoneNumbersQuery = graphql(`
  query PhoneNumbers {
    phoneNumbers {
      id
      number
      label
      routeKind
      routeTargetId
      trunkId
      createdAt
    }
  }
`);

export const createPhoneNumberMutation = graphql(`
  mutation CreatePhoneNumber($input: PhoneNumberInput!) {
    createPhoneNumber(input: $input) {
      id
    }
  }
`);

export const updatePhoneNumberMutation = graphql(`
  mutation UpdatePhoneNumber($id: ID!, $input: PhoneNumberInput!) {
    updatePhoneNumber(id: $id, input: $input) {
      id
    }
  }
`);

export const deletePhoneNumberMutation = graphql(`
  mutation DeletePhoneNumber($id: ID!) {
    deletePhoneNumber(id: $id)
  }
`);

export const sipTrunksQuery = graphql(`
  query SipTrunks {
    sipTrunks {
      id
      name
      host
      port
      transport
      username
      hasPassword
      allowedSources
    }
  }
`);

export const createSipTrunkMutation = graphql(`
  mutation CreateSipTrunk($input: SipTrunkInput!) {
    createSipTrunk(input: $input) {
      id
    }
  }
`);

export const updateSipTrunkMutation = graphql(`
  mutation UpdateSipTrunk($id: ID!, $input: SipTrunkInput!) {
    updateSipTrunk(id: $id, input: $input) {
      id
    }
  }
`);

export const deleteSipTrunkMutation = graphql(`
  mutation DeleteSipTrunk($id: ID!) {
    deleteSipTrunk(id: $id)
  }
`);

export const sipEndpointsQuery = graphql(`
  query SipEndpoints {
    sipEndpoints {
      id
      username
      displayName
      userId
      createdAt
    }
  }
`);

export const createSipEndpointMutation = graphql(`
  mutation CreateSipEndpoint($input: SipEndpointInput!) {
    createSipEndpoint(input: $input) {
      id
    }
  }
`);

export const deleteSipEndpointMutation = graphql(`
  mutation DeleteSipEndpoint($id: ID!) {
    deleteSipEndpoint(id: $id)
  }
`);

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

export const queuesQuery = graphql(`
  query Queues {
    queues {
      id
      name
      requiredSkills {
        skillGroupId
        minProficiency
      }
      priority
      maxWaitSecs
      overflow {
        kind
        targetId
        number
      }
      callbackOffer
      musicOnHoldPromptId
      announcementIntervalSecs
      serviceLevelSecs
      serviceLevelPercent
      afterCallWorkSecs
      wrapUpCodes {
        code
        label
      }
      businessHoursId
    }
  }
`);

export const createQueueMutation = graphql(`
  mutation CreateQueue($input: QueueInput!) {
    createQueue(input: $input) {
      id
    }
  }
`);

export const updateQueueMutation = graphql(`
  mutation UpdateQueue($id: ID!, $input: QueueInput!) {
    updateQueue(id: $id, input: $input) {
      id
    }
  }
`);

export const deleteQueueMutation = graphql(`
  mutation DeleteQueue($id: ID!) {
    deleteQueue(id: $id)
  }
`);

export const businessHoursQuery = graphql(`
  query BusinessHoursList {
    businessHours {
      ...BusinessHoursFields
    }
  }
`);

export const businessHoursFields = graphql(`
  fragment BusinessHoursFields on BusinessHours {
    id
    name
    timeZone
    weekly {
      day
      open
      close
    }
    holidays {
      date
      name
    }
    workdays {
      date
      name
    }
    specialDays {
      date
      name
      ranges {
        open
        close
      }
    }
    makeupWeekday
    openNow
  }
`);

export const createBusinessHoursMutation = graphql(`
  mutation CreateBusinessHours($input: BusinessHoursInput!) {
    createBusinessHours(input: $input) {
      ...BusinessHoursFields
    }
  }
`);

export const updateBusinessHoursMutation = graphql(`
  mutation UpdateBusinessHours($id: ID!, $input: BusinessHoursInput!) {
    updateBusinessHours(id: $id, input: $input) {
      ...BusinessHoursFields
    }
  }
`);

export const deleteBusinessHoursMutation = graphql(`
  mutation DeleteBusinessHours($id: ID!) {
    deleteBusinessHours(id: $id)
  }
`);

export const importPublicHolidaysMutation = graphql(`
  mutation ImportPublicHolidays($id: ID!, $calendar: HolidayCalendar!) {
    importPublicHolidays(id: $id, calendar: $calendar) {
      ...BusinessHoursFields
    }
  }
`);

export const importHolidaysCsvMutation = graphql(`
  mutation ImportHolidaysCsv($id: ID!, $csv: String!) {
    importHolidaysCsv(id: $id, csv: $csv) {
      ...BusinessHoursFields
    }
  }
`);

export const ivrFlowsQuery = graphql(`
  query IvrFlows {
    ivrFlows {
      id
      name
      description
      publishedVersion
      updatedAt
      issues {
        nodeId
        code
        message
      }
    }
  }
`);

export const ivrFlowFields = graphql(`
  fragment IvrFlowFields on IvrFlow {
    id
    name
    description
    draft
    publishedVersion
    updatedAt
    issues {
      nodeId
      code
      message
    }
    versions {
      id
      version
      publishedAt
    }
  }
`);

export const ivrFlowQuery = graphql(`
  query IvrFlow($id: ID!) {
    ivrFlow(id: $id) {
      ...IvrFlowFields
    }
  }
`);

export const createIvrFlowMutation = graphql(`
  mutation CreateIvrFlow($input: IvrFlowInput!) {
    createIvrFlow(input: $input) {
      id
    }
  }
`);

export const saveIvrFlowDraftMutation = graphql(`
  mutation SaveIvrFlowDraft($id: ID!, $graph: JSON!) {
    saveIvrFlowDraft(id: $id, graph: $graph) {
      flow {
        id
        updatedAt
      }
      issues {
        nodeId
        code
        message
      }
    }
  }
`);

export const publishIvrFlowMutation = graphql(`
  mutation PublishIvrFlow($id: ID!) {
    publishIvrFlow(id: $id) {
      id
      version
      publishedAt
    }
  }
`);

export const restoreIvrFlowVersionMutation = graphql(`
  mutation RestoreIvrFlowVersion($id: ID!, $version: Int!) {
    restoreIvrFlowVersion(id: $id, version: $version) {
      ...IvrFlowFields
    }
  }
`);

export const promptFields = graphql(`
  fragment PromptFields on Prompt {
    id
    name
    kind
    language
    text
    durationMs
    sourceName
    url
    createdAt
  }
`);

export const promptsQuery = graphql(`
  query Prompts {
    prompts {
      ...PromptFields
    }
  }
`);

export const promptQuery = graphql(`
  query Prompt($id: ID!) {
    prompt(id: $id) {
      ...PromptFields
    }
  }
`);

export const uploadPromptMutation = graphql(`
  mutation UploadPrompt($name: String!, $file: Upload!) {
    uploadPrompt(name: $name, file: $file) {
      ...PromptFields
    }
  }
`);

export const createTtsPromptMutation = graphql(`
  mutation CreateTtsPrompt($input: TtsPromptInput!) {
    createTtsPrompt(input: $input) {
      ...PromptFields
    }
  }
`);

export const deletePromptMutation = graphql(`
  mutation DeletePrompt($id: ID!) {
    deletePrompt(id: $id)
  }
`);

export const knowledgeEntryFields = graphql(`
  fragment KnowledgeEntryFields on KnowledgeEntry {
    id
    type
    language
    title
    body
    data
    updatedAt
  }
`);

export const knowledgeEntriesQuery = graphql(`
  query KnowledgeEntries($type: KnowledgeType, $language: String, $limit: Int!, $offset: Int!) {
    knowledgeEntries(type: $type, language: $language, limit: $limit, offset: $offset) {
      ...KnowledgeEntryFields
    }
  }
`);

export const searchKnowledgeQuery = graphql(`
  query SearchKnowledge($query: String!, $type: KnowledgeType, $language: String, $limit: Int!) {
    searchKnowledge(query: $query, type: $type, language: $language, limit: $limit) {
      score
      entry {
        ...KnowledgeEntryFields
      }
    }
  }
`);

export const timetableQuery = graphql(`
  query Timetable($station: String!, $date: NaiveDate!, $language: String) {
    timetable(station: $station, date: $date, language: $language) {
      time
      destination
      routeCode
    }
  }
`);

export const createKnowledgeEntryMutation = graphql(`
  mutation CreateKnowledgeEntry($input: KnowledgeEntryInput!) {
    createKnowledgeEntry(input: $input) {
      ...KnowledgeEntryFields
    }
  }
`);

export const updateKnowledgeEntryMutation = graphql(`
  mutation UpdateKnowledgeEntry($id: ID!, $input: KnowledgeEntryInput!) {
    updateKnowledgeEntry(id: $id, input: $input) {
      ...KnowledgeEntryFields
    }
  }
`);

export const deleteKnowledgeEntryMutation = graphql(`
  mutation DeleteKnowledgeEntry($id: ID!) {
    deleteKnowledgeEntry(id: $id)
  }
`);

export const importKnowledgeCsvMutation = graphql(`
  mutation ImportKnowledgeCsv($type: KnowledgeType!, $csv: String!, $allOrNothing: Boolean) {
    importKnowledgeCsv(type: $type, csv: $csv, allOrNothing: $allOrNothing) {
      imported
      rejectedRows {
        line
        reason
      }
    }
  }
`);

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

export const memberCardFields = graphql(`
  fragment MemberCardFields on MemberCard {
    id
    cardNumber
    tier
    balanceMinor
    points
    overdraftMinor
    contactId
    lockedUntil
    createdAt
  }
`);

export const cardLedgerEntryFields = graphql(`
  fragment CardLedgerEntryFields on CardLedgerEntry {
    id
    kind
    amountMinor
    pointsDelta
    balanceAfter
    pointsAfter
    reason
    actor
    idempotencyKey
    at
  }
`);

export const memberCardsQuery = graphql(`
  query MemberCards($limit: Int!) {
    memberCards(limit: $limit) {
      ...MemberCardFields
    }
  }
`);

export const memberCardQuery = graphql(`
  query MemberCard($id: ID!, $ledgerLimit: Int!) {
    memberCard(id: $id) {
      ...MemberCardFields
      ledger(limit: $ledgerLimit) {
        ...CardLedgerEntryFields
      }
    }
  }
`);

export const memberCardByNumberQuery = graphql(`
  query MemberCardByNumber($cardNumber: String!) {
    memberCardByNumber(cardNumber: $cardNumber) {
      ...MemberCardFields
    }
  }
`);

export const createMemberCardMutation = graphql(`
  mutation CreateMemberCard($input: MemberCardInput!) {
    createMemberCard(input: $input) {
      ...MemberCardFields
    }
  }
`);

export const verifyCardPinMutation = graphql(`
  mutation VerifyCardPin($cardNumber: String!, $pin: String!) {
    verifyCardPin(cardNumber: $cardNumber, pin: $pin) {
      ...MemberCardFields
    }
  }
`);

export const postCardTransactionMutation = graphql(`
  mutation PostCardTransaction($input: CardTransactionInput!) {
    postCardTransaction(input: $input) {
      replayed
      entry {
        ...CardLedgerEntryFields
      }
      card {
        ...MemberCardFields
      }
    }
  }
`);

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

export const serviceRequestFields = graphql(`
  fragment ServiceRequestFields on ServiceRequest {
    id
    kind
    status
    nextStatuses
    details
    reference
    contactId
    skillGroupId
    assigneeId
    createdAt
    updatedAt
  }
`);

export const serviceRequestsQuery = graphql(`
  query ServiceRequests($status: String, $limit: Int!) {
    serviceRequests(status: $status, limit: $limit) {
      ...ServiceRequestFields
    }
  }
`);

export const createServiceRequestMutation = graphql(`
  mutation CreateServiceRequest($input: ServiceRequestInput!) {
    createServiceRequest(input: $input) {
      ...ServiceRequestFields
    }
  }
`);

export const transitionServiceRequestMutation = graphql(`
  mutation TransitionServiceRequest($id: ID!, $to: String!, $note: String!) {
    transitionServiceRequest(id: $id, to: $to, note: $note) {
      ...ServiceRequestFields
    }
  }
`);

export const assignServiceRequestMutation = graphql(`
  mutation AssignServiceRequest($id: ID!, $userId: ID!) {
    assignServiceRequest(id: $id, userId: $userId) {
      ...ServiceRequestFields
    }
  }
`);

export const callsPageQuery = graphql(`
  query CallsPage {
    waitingCalls {
      call {
        id
        caller
      }
      standing {
        queueId
        position
        queuedAt
        agentsServing
        agentsFree
        estimatedWaitSecs
      }
    }
    queues {
      id
      name
    }
    calls(limit: 200) {
      id
      dialled
      caller
      startedAt
      answeredAt
      endedAt
      disposition
      endedBy
      ivrPath
      digits
      queueWaitMs
      recordingId
    }
    recordings(limit: 200) {
      id
      callId
      kind
      caller
      startedAt
      durationMs
      storedAt
      url
    }
    callbackTasks(limit: 200) {
      id
      kind
      status
      number
      recordingId
      createdAt
    }
  }
`);

// ---------- agent desktop (every member can take calls) ----------

export const agentStateFields = graphql(`
  fragment AgentStateFields on AgentState {
    agentId
    email
    state
    reason
    since
    offerCallId
    callId
    afterCallWorkUntil
    deskPhone
  }
`);

export const myAgentStateQuery = graphql(`
  query MyAgentState {
    myAgentState {
      ...AgentStateFields
    }
  }
`);

export const agentStatesQuery = graphql(`
  query AgentStates {
    agentStates {
      ...AgentStateFields
    }
    transferQueues {
      id
      name
    }
  }
`);

export const iceServersQuery = graphql(`
  query IceServers {
    iceServers {
      urls
      username
      credential
    }
  }
`);

export const agentEventsSubscription = graphql(`
  subscription AgentEvents($everyone: Boolean!) {
    agentEvents(everyone: $everyone) {
      id
      kind
      at
      data
    }
  }
`);

export const setPresenceMutation = graphql(`
  mutation SetPresence($state: AgentPresence!, $reason: String, $deskPhone: Boolean) {
    setPresence(state: $state, reason: $reason, deskPhone: $deskPhone) {
      ...AgentStateFields
    }
  }
`);

export const answerCallMutation = graphql(`
  mutation AnswerCall($callId: ID!, $sdp: String!) {
    answerCall(callId: $callId, sdp: $sdp)
  }
`);

export const rejectCallMutation = graphql(`
  mutation RejectCall($callId: ID!) {
    rejectCall(callId: $callId)
  }
`);

export const hangUpCallMutation = graphql(`
  mutation HangUpCall($callId: ID!) {
    hangUpCall(callId: $callId)
  }
`);

export const sendKeysMutation = graphql(`
  mutation SendKeys($callId: ID!, $keys: String!) {
    sendKeys(callId: $callId, keys: $keys)
  }
`);

export const holdCallMutation = graphql(`
  mutation HoldCall($callId: ID!, $on: Boolean!) {
    holdCall(callId: $callId, on: $on)
  }
`);

export const transferCallMutation = graphql(`
  mutation TransferCall($callId: ID!, $agentId: ID, $queueId: ID, $number: String) {
    transferCall(callId: $callId, agentId: $agentId, queueId: $queueId, number: $number)
  }
`);

export const consultCallMutation = graphql(`
  mutation ConsultCall($callId: ID!, $agentId: ID!) {
    consultCall(callId: $callId, agentId: $agentId)
  }
`);

export const completeTransferMutation = graphql(`
  mutation CompleteTransfer($callId: ID!) {
    completeTransfer(callId: $callId)
  }
`);

export const cancelConsultMutation = graphql(`
  mutation CancelConsult($callId: ID!) {
    cancelConsult(callId: $callId)
  }
`);

export const startConferenceMutation = graphql(`
  mutation StartConference($callId: ID!) {
    startConference(callId: $callId)
  }
`);

export const dialOutMutation = graphql(`
  mutation DialOut($number: String!, $sdp: String!) {
    dialOut(number: $number, sdp: $sdp) {
      callId
      sdp
    }
  }
`);

export const wrapUpCallMutation = graphql(`
  mutation WrapUpCall($legId: ID!, $code: String!, $notes: String) {
    wrapUpCall(legId: $legId, code: $code, notes: $notes) {
      id
      outcome
      wrapUpCode
      notes
    }
  }
`);
