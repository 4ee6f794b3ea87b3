import { Units1732300000000 } from './1732300000000-units';
import { Accounts1732300000100 } from './1732300000100-accounts';
import { Bulletins1732300000200 } from './1732300000200-bulletins';
import { Deliveries1732300000300 } from './1732300000300-deliveries';
import { DeliveryPropagation1732300000400 } from './1732300000400-delivery-propagation';
import { AccountBreaker1732300000500 } from './1732300000500-account-breaker';
import { UsersAndAudit1732300000600 } from './1732300000600-users-and-audit';
import { RingsAndSchedules1732300000700 } from './1732300000700-rings-and-schedules';
import { RepostReviewAndExpiry1732300000800 } from './1732300000800-repost-review-and-expiry';
import { Tips1732300000900 } from './1732300000900-tips';
import { ReachAndOutcomes1732300001000 } from './1732300001000-reach-and-outcomes';
import { AssignmentBulletin1732300001100 } from './1732300001100-assignment-bulletin';
import { ReceiveTip1732300001200 } from './1732300001200-receive-tip';
import { EarlierTipByFingerprint1732300001300 } from './1732300001300-earlier-tip-by-fingerprint';
import { SessionsAndLoginThrottle1732300001400 } from './1732300001400-sessions-and-login-throttle';
import { AuditClientRequestId1732300001500 } from './1732300001500-audit-client-request-id';
import { BulletinProposals1732300001600 } from './1732300001600-bulletin-proposals';
import { PlatformAsText1732300001700 } from './1732300001700-platform-as-text';
import { MediaImages1732300001800 } from './1732300001800-media-images';
import { PublicBulletinRecord1732300001900 } from './1732300001900-public-bulletin-record';
import { RefreshRotation1732300002000 } from './1732300002000-refresh-rotation';
import { PostingLanes1732300002100 } from './1732300002100-posting-lanes';
import { NotificationsAndNudges1732300002200 } from './1732300002200-notifications-and-nudges';
import { LaneQuotaCounts1732300002300 } from './1732300002300-lane-quota-counts';
import { PersonsAndCases1732300002400 } from './1732300002400-persons-and-cases';
import { PersonOutcomes1732300002500 } from './1732300002500-person-outcomes';
import { TipThreads1732300002600 } from './1732300002600-tip-threads';
import { CredentialRenewal1732300002700 } from './1732300002700-credential-renewal';
import { TipReplyDueSoon1732300002800 } from './1732300002800-tip-reply-due-soon';
import { PlatformCallGate1732300002900 } from './1732300002900-platform-call-gate';
import { ReadingsByMonth1732300003000 } from './1732300003000-readings-by-month';

export const MIGRATIONS = [
  Units1732300000000,
  Accounts1732300000100,
  Bulletins1732300000200,
  Deliveries1732300000300,
  DeliveryPropagation1732300000400,
  AccountBreaker1732300000500,
  UsersAndAudit1732300000600,
  RingsAndSchedules1732300000700,
  RepostReviewAndExpiry1732300000800,
  Tips1732300000900,
  ReachAndOutcomes1732300001000,
  AssignmentBulletin1732300001100,
  ReceiveTip1732300001200,
  EarlierTipByFingerprint1732300001300,
  SessionsAndLoginThrottle1732300001400,
  AuditClientRequestId1732300001500,
  BulletinProposals1732300001600,
  PlatformAsText1732300001700,
  MediaImages1732300001800,
  PublicBulletinRecord1732300001900,
  RefreshRotation1732300002000,
  PostingLanes1732300002100,
  NotificationsAndNudges1732300002200,
  LaneQuotaCounts1732300002300,
  PersonsAndCases1732300002400,
  PersonOutcomes1732300002500,
  TipThreads1732300002600,
  CredentialRenewal1732300002700,
  TipReplyDueSoon1732300002800,
  PlatformCallGate1732300002900,
  ReadingsByMonth1732300003000,
];
