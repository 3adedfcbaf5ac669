import { CommandResultView } from '@helpdesk/tier-desk';

/** A command's answer: the ticket's lifecycle after it, and the events it produced. */
export class Level3CommandResultView extends CommandResultView {}
