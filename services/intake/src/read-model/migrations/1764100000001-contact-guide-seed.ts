import { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@helpdesk/event-log';

interface SeedCategory {
  id: string;
  name: string;
  description: string;
  questions: string[];
  haveAtHand: string[];
}

/**
 * The contact guide a company starts with; admins adapt it afterwards through the API. The
 * data is written out here, not imported, so that this migration stays what it was when it
 * first ran.
 */
const CATEGORIES: SeedCategory[] = [
  {
    id: 'account-password',
    name: 'Account & password',
    description: 'Cannot sign in, locked account, password reset, multi-factor authentication.',
    questions: [
      'Which account or application can you not sign in to?',
      'What message do you see when you try to sign in?',
      'When did it last work?',
      'Did you change your password or get a new phone for your authenticator app recently?',
      'Can colleagues sign in normally?',
    ],
    haveAtHand: [
      'Your user name (never your password)',
      'The exact error message, or a screenshot of it',
      'The phone with your authenticator app',
    ],
  },
  {
    id: 'email-calendar',
    name: 'Email & calendar',
    description: 'Mailbox, sending and receiving, shared mailboxes, calendars and meeting invites.',
    questions: [
      'Which mail program do you use: Outlook on the computer, web mail or your phone?',
      'Is the problem with sending, receiving, or both?',
      'Does it concern one message or recipient, or all of them?',
      'Is a shared mailbox or a shared calendar involved?',
    ],
    haveAtHand: [
      'An example message: sender, subject and time',
      'The bounce message you received, if any',
      'The address of the shared mailbox or calendar',
    ],
  },
  {
    id: 'network-vpn',
    name: 'Network & VPN',
    description: 'No connection, slow network, Wi-Fi, VPN from home or on the road.',
    questions: [
      'Where are you: at the office, at home or travelling?',
      'Is it the VPN, the Wi-Fi or the wired network?',
      'Can you open an external website, such as a news site?',
      'Do colleagues near you have the same problem?',
      'What does the VPN client say when it fails?',
    ],
    haveAtHand: [
      "Your computer's name (on its label, or in Settings > About)",
      "The VPN client's error message",
      'The name of the Wi-Fi network you are on',
    ],
  },
  {
    id: 'printing',
    name: 'Printing & scanning',
    description: 'Printers, multifunction devices, scan to email or to a folder.',
    questions: [
      'Which printer is it (its name, or the label on it)?',
      'Does nothing print at all, or does the print come out wrong?',
      'Does the printer show a message or a blinking light?',
      'Can colleagues print on it?',
    ],
    haveAtHand: [
      "The printer's name or asset tag",
      "The message on the printer's display",
      'The document you tried to print',
    ],
  },
  {
    id: 'hardware',
    name: 'Computer & hardware',
    description: 'Laptop, desktop, monitor, docking station, keyboard, mouse: broken or faulty.',
    questions: [
      'Which device is it: laptop, desktop, monitor, docking station, keyboard...?',
      'What happens: it does not start, makes a noise, a part is broken...?',
      'Since when does it happen?',
      'Was the device dropped, wet or moved recently?',
      'Can you still work with it meanwhile?',
    ],
    haveAtHand: [
      'The asset tag or the serial number of the device',
      'A photo of the damage, if there is one',
      'Where the device is (site, floor, office)',
    ],
  },
  {
    id: 'software-applications',
    name: 'Software & business applications',
    description: 'Office, ERP, CRM and business applications: errors, installations, licences.',
    questions: [
      'Which application is it, and which version if you know it?',
      'What were you doing when the problem happened?',
      'What error message do you see?',
      'Does it happen every time, and for colleagues too?',
      'Do you need new software installed or a licence?',
    ],
    haveAtHand: [
      'The exact error message, or a screenshot of it',
      'The time it happened',
      'The record or document you were working on',
    ],
  },
  {
    id: 'security-incident',
    name: 'Security incident',
    description:
      'Phishing, malware warning, lost or stolen device, account used by someone else. If you entered your password somewhere suspicious, call the hotline now.',
    questions: [
      'What happened: suspicious email, clicked link, virus warning, lost device, unknown activity on your account?',
      'When did it happen, or when did you notice it?',
      'Did you enter your password or open an attachment?',
      'Which devices and accounts are concerned?',
    ],
    haveAtHand: [
      'The suspicious email, left in your mailbox (do not forward it unless asked)',
      'The time you noticed the problem',
      "The device's asset tag, for a lost or stolen device",
    ],
  },
  {
    id: 'phone-mobile',
    name: 'Phone & mobile devices',
    description: 'Desk phone, softphone, voicemail, company smartphones and tablets.',
    questions: [
      'Is it your desk phone, the softphone on your computer, or a mobile phone?',
      'What does not work: calls, voicemail, email on the phone, an app?',
      'Is the device company-owned or personal?',
      'Since when does it happen?',
    ],
    haveAtHand: [
      'The phone number concerned',
      'The model of the phone',
      "The device's asset tag, if it is company-owned",
    ],
  },
  {
    id: 'other',
    name: 'Something else',
    description: 'Anything that fits no other category; level 1 will sort it out.',
    questions: [
      'What are you trying to do?',
      'What happens instead?',
      'Since when, and how many people are affected?',
    ],
    haveAtHand: ['Screenshots or error messages', 'When the problem started'],
  },
];

export class ContactGuideSeed1764100000001 implements MigrationInterface {
  name = 'ContactGuideSeed1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    for (const [position, category] of CATEGORIES.entries()) {
      await queryRunner.query(
        `INSERT INTO ${schema}.contact_guide_categories
           (id, name, description, questions, have_at_hand, position)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [
          category.id,
          category.name,
          category.description,
          JSON.stringify(category.questions),
          JSON.stringify(category.haveAtHand),
          (position + 1) * 10,
        ],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM ${schemaOf(queryRunner)}.contact_guide_categories WHERE id = ANY($1)`,
      [CATEGORIES.map((category) => category.id)],
    );
  }
}
