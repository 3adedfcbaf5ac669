export interface SeedArticle {
  id: string;
  title: string;
  symptoms: string;
  solution: string;
  tags: string[];
}

/** Numbered steps, one a line: how a level-1 agent reads a solution out on the phone. */
function steps(...lines: string[]): string {
  return lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
}

/** The knowledge base a new deployment starts with (migration KnowledgeArticlesSeed). */
export const SEED_ARTICLES: readonly SeedArticle[] = [
  {
    id: 'kb-password-reset',
    title: 'Forgotten password: reset a Windows / Microsoft 365 password',
    symptoms:
      'The user forgot their password, or it expired while they were away. Sign-in to Windows, ' +
      'Outlook or the Microsoft 365 portal fails with "The user name or password is incorrect" ' +
      'or "Your password has expired and must be changed".',
    solution: steps(
      "Verify the caller's identity: employee number and manager's name, or a call-back to the number in the directory. Never reset a password on a name alone.",
      'If self-service password reset is enabled, walk the user through https://aka.ms/sspr from a phone or another computer.',
      'Otherwise, in Active Directory Users and Computers (or the Entra admin center), find the account, choose Reset password, set a temporary password and tick "User must change password at next logon".',
      'Give the temporary password over the phone only, never by email.',
      'If the laptop is off the office network, the user must connect to the VPN with the new password before Windows sign-in picks it up; otherwise have them sign in once on site.',
      'Ask the user to update the password on their phone (mail app, Teams) to avoid an account lockout.',
    ),
    tags: ['account', 'password', 'identity'],
  },
  {
    id: 'kb-account-locked',
    title: 'Account locked out after failed sign-in attempts',
    symptoms:
      'Sign-in fails with "The referenced account is currently locked out and may not be logged ' +
      'on to". Often after a password change, when an old password is still saved on a phone, a ' +
      'mapped drive or a second computer that keeps retrying.',
    solution: steps(
      "Verify the caller's identity before touching the account.",
      'In Active Directory Users and Computers, open the account, Account tab, tick "Unlock account" (or run Unlock-ADAccount -Identity <user>).',
      'Check the lockout source: Event Viewer on a domain controller, Security log, event 4740 names the caller computer.',
      'Have the user remove or update saved credentials: Windows Credential Manager, the mail account on their phone, and any mapped drive that used the old password.',
      'If the account locks again within minutes, a device is still retrying: disconnect the phone from Wi-Fi and watch event 4740 again.',
    ),
    tags: ['account', 'lockout', 'password', 'identity'],
  },
  {
    id: 'kb-mfa-lost-phone',
    title: 'MFA: lost or replaced phone, no access to the Authenticator app',
    symptoms:
      'The user has a new phone, lost it or reinstalled it, and can no longer approve sign-in ' +
      'requests. Sign-in stops at "Approve sign in request" or asks for a verification code ' +
      'the user cannot get.',
    solution: steps(
      'Verify the identity strictly (call back on the number in the HR directory, or confirmation by the manager): resetting MFA hands over the account.',
      'In the Entra admin center, Users, select the user, Authentication methods, choose "Require re-register multifactor authentication" (and revoke MFA sessions if the phone was lost).',
      'If the phone was lost or stolen, also revoke sign-in sessions and tell the user to report it to security.',
      'Issue a Temporary Access Pass if policy allows, so the user can sign in once.',
      'Have the user go to https://aka.ms/mysecurityinfo, add the Microsoft Authenticator app on the new phone by scanning the QR code, and approve a test notification.',
      'Recommend adding a second method (phone number) to avoid the same call next time.',
    ),
    tags: ['mfa', 'authenticator', 'phone', 'identity', 'security'],
  },
  {
    id: 'kb-vpn-wont-connect',
    title: "VPN won't connect: timeout or authentication failure",
    symptoms:
      'The VPN client (GlobalProtect, AnyConnect, FortiClient or Windows VPN) stays on ' +
      '"Connecting..." and fails with a connection timeout, "gateway unreachable" or error 809, ' +
      'or rejects the credentials. Internet works; company resources do not.',
    solution: steps(
      'Check that the internet connection works without the VPN: open a public website.',
      'Hotel, guest or mobile networks often block VPN ports: if a captive portal asks to accept terms, open a browser and accept them first; otherwise try a phone hotspot.',
      'Quit the VPN client completely (system tray, Exit) and start it again; check the portal address is the one in the company guide.',
      'If the error is about credentials, check the password has not expired (see the password reset article) and that MFA prompts arrive.',
      'Check the date and time of the computer are right: a wrong clock makes certificates fail.',
      'Still a timeout: restart the computer, then collect the client logs (Troubleshooting, Collect logs) and escalate to level 2 with the error text and the network used.',
    ),
    tags: ['vpn', 'network', 'remote-work'],
  },
  {
    id: 'kb-outlook-password-prompts',
    title: 'Outlook keeps asking for the password',
    symptoms:
      'Outlook shows a Windows Security or Microsoft sign-in window again and again, even with ' +
      'the right password, and stays "Disconnected" or "Trying to connect". Often after a ' +
      'password change.',
    solution: steps(
      'Check that the user can sign in at https://outlook.office.com with the same password: if not, handle the password first.',
      'Close Outlook. Open Credential Manager, Windows Credentials, and remove every entry that names Outlook, MicrosoftOffice16 or the mail address.',
      'Open Outlook, File, Office Account, sign out, close Outlook, open it again and sign in.',
      'If prompts continue, run Outlook in safe mode (outlook.exe /safe) to rule out an add-in.',
      'Last resort: Control Panel, Mail, Show Profiles, add a new profile, make it the default and let it download the mailbox.',
    ),
    tags: ['outlook', 'email', 'password', 'microsoft-365'],
  },
  {
    id: 'kb-disk-full',
    title: 'Disk full: "Low disk space" on drive C:',
    symptoms:
      'Windows warns "Low disk space", updates fail, applications cannot save files, or the ' +
      'computer becomes very slow. Drive C: shows red or almost no free space in File Explorer.',
    solution: steps(
      'Open Settings, System, Storage and see which categories use the most space.',
      'Run Disk Cleanup (cleanmgr) as administrator, tick Temporary files, Recycle Bin, Windows Update Cleanup and Delivery Optimization files.',
      'Empty the Downloads folder after checking with the user what they still need.',
      'Turn on OneDrive Files On-Demand and set large synced folders to "Free up space".',
      'Look for large files with the Storage settings "Show more categories" or a tool like WinDirStat; move personal media to the home share.',
      'Less than 10 % free after cleanup on a small disk: escalate to level 2 for a disk upgrade.',
    ),
    tags: ['disk', 'storage', 'windows', 'performance'],
  },
  {
    id: 'kb-wifi-drops',
    title: 'Wi-Fi keeps dropping or is very slow',
    symptoms:
      'The laptop loses the wireless connection every few minutes, shows "No internet, secured", ' +
      'or web pages load very slowly while colleagues nearby have no problem.',
    solution: steps(
      'Ask whether the problem is at one place or everywhere: one meeting room points to the access point, everywhere points to the laptop.',
      'Turn Wi-Fi off and on; if that does not help, "Forget" the network and connect again with the right credentials.',
      'Disable power saving on the adapter: Device Manager, Network adapters, the wireless adapter, Power Management, untick "Allow the computer to turn off this device".',
      'Run Windows Update and install the latest wireless driver from the manufacturer.',
      'Run "netsh winsock reset" and "ipconfig /flushdns" as administrator, then restart.',
      'If several users are affected in the same area, escalate to level 2 (network) with the location and the times of the drops.',
    ),
    tags: ['wifi', 'wireless', 'network'],
  },
  {
    id: 'kb-teams-no-audio',
    title: 'Teams: no sound, or others cannot hear you',
    symptoms:
      'In a Microsoft Teams call or meeting the user hears nothing, or the others cannot hear ' +
      'them; the microphone or speaker test stays silent; a headset is connected but unused.',
    solution: steps(
      'In Teams, Settings, Devices (or Audio settings in the meeting), select the right speaker and microphone, then "Make a test call".',
      'Check that the microphone is not muted in Teams, on the headset cable or with a laptop function key.',
      'Windows Settings, Privacy & security, Microphone: allow microphone access for apps and desktop apps.',
      'Unplug and plug in the headset again (another USB port); for Bluetooth, remove and pair it again.',
      'Quit Teams fully from the system tray and start it again; install pending updates.',
      'Still silent: check the device in Windows Sound settings with another app; if it fails there too, escalate to level 2 as a hardware or driver issue.',
    ),
    tags: ['teams', 'audio', 'microphone', 'headset', 'microsoft-365'],
  },
  {
    id: 'kb-slow-computer',
    title: 'Computer is slow',
    symptoms:
      'Everything takes a long time: start-up, opening applications, switching windows. The fan ' +
      'is loud, or the computer freezes for a few seconds at a time.',
    solution: steps(
      'Ask when the computer was last restarted: Fast Startup keeps Windows running for weeks. Use Restart, not Shut down.',
      'Open Task Manager (Ctrl+Shift+Esc), Processes: sort by CPU, Memory and Disk to find what uses the resources.',
      'Close browser tabs and applications that are not needed; disable unneeded start-up apps in Task Manager, Startup apps.',
      'Check free disk space (see the disk full article) and that Windows Update is not installing in the background.',
      'Run a full antivirus scan.',
      'If memory is constantly above 90 % or the disk at 100 %, escalate to level 2 with a screenshot of Task Manager: the computer may need more memory or an SSD.',
    ),
    tags: ['performance', 'windows', 'slow'],
  },
  {
    id: 'kb-shared-drive-not-mapped',
    title: 'Shared network drive missing or not mapped',
    symptoms:
      'A network drive (for example S: or P:) is missing from File Explorer, shows a red X, or ' +
      'opening it says "Network path not found" or "Access denied".',
    solution: steps(
      'Make sure the computer is on the company network or connected to the VPN.',
      'Open the share by its path to tell a mapping problem from a permission problem: \\\\fileserver\\share in File Explorer.',
      'If the path opens, map it again: This PC, Map network drive, choose the letter, enter the path, tick "Reconnect at sign-in".',
      'If mappings come from a login script or group policy, run "gpupdate /force", sign out and sign in again.',
      'If the path says "Access denied", the user is missing from the share\'s group: ask the data owner to approve access and escalate to level 2 with the path.',
      'A red X that opens when clicked is only Windows mapping before the network is up: no action needed.',
    ),
    tags: ['network-drive', 'file-share', 'network', 'permissions'],
  },
  {
    id: 'kb-monitor-no-signal',
    title: 'Monitor shows "No signal"',
    symptoms:
      'The external monitor stays black or shows "No signal", "No input" or "Check cable", for ' +
      'example after moving desks or docking a laptop.',
    solution: steps(
      'Check the monitor is on and the cable is firmly plugged in at both ends (HDMI, DisplayPort or USB-C).',
      'Use the monitor buttons to select the right input source.',
      'On a laptop press Windows+P and choose Extend or Duplicate; in Display settings click Detect.',
      'With a docking station, unplug the dock from the laptop, wait ten seconds and plug it in again; try the cable directly on the laptop.',
      'Try another cable or another monitor to find the faulty part.',
      'If the monitor shows nothing with a known-good cable and computer, escalate to level 2 for a hardware return.',
    ),
    tags: ['monitor', 'display', 'hardware', 'docking-station'],
  },
  {
    id: 'kb-printer-offline',
    title: 'Printer offline: print jobs stuck in the queue',
    symptoms:
      'The printer shows "Offline" in Windows, print jobs stay in the print queue with ' +
      '"Error - Printing" or nothing comes out of the printer, while the printer itself is on.',
    solution: steps(
      "Check the printer's display for paper jams, empty trays, toner or an error message, and that it is connected to the network (cable or Wi-Fi icon).",
      'Print the network configuration page from the printer menu and note its IP address; open that address in a browser to check it answers.',
      'On the computer, Settings, Bluetooth & devices, Printers & scanners, the printer, Open print queue: cancel all stuck jobs and untick "Use Printer Offline" in the Printer menu.',
      'Restart the Print Spooler: services.msc, Print Spooler, Restart (or "net stop spooler" and "net start spooler" as administrator).',
      'Remove the printer and add it again from the print server (\\\\printserver) so the driver and port are current.',
      'If no computer can print to it, restart the printer; if it still shows offline, escalate to level 2 with the printer name, its location and its IP address.',
    ),
    tags: ['printer', 'printing', 'spooler', 'hardware'],
  },
  {
    id: 'kb-mailbox-full',
    title: 'Mailbox full: cannot send or receive email',
    symptoms:
      'Outlook warns "Your mailbox is almost full" or "Your mailbox is full", the user can no ' +
      'longer send email, and senders receive a bounce saying the mailbox is full.',
    solution: steps(
      'In Outlook, File, Info, Mailbox Settings, Tools, check the mailbox size.',
      'Empty Deleted Items and Junk Email.',
      'Sort the Inbox and Sent Items by size and delete or save large attachments to OneDrive.',
      'Turn on or use the Online Archive: move old folders there, or set an archive policy on them.',
      "If the user needs a bigger mailbox for their work, escalate to level 2 with the manager's approval for a licence or quota change.",
    ),
    tags: ['email', 'outlook', 'mailbox', 'microsoft-365'],
  },
  {
    id: 'kb-onedrive-not-syncing',
    title: 'OneDrive is not syncing',
    symptoms:
      'The OneDrive icon shows a red cross, a pause sign or "Sync pending", files saved on one ' +
      'computer do not appear on another, or a "sync conflict" copy of a file appears.',
    solution: steps(
      'Click the OneDrive cloud icon in the system tray and read the message: sign-in required, storage full or a file that cannot sync.',
      'If sync is paused, choose Resume syncing.',
      'Rename files with characters OneDrive refuses or paths longer than 400 characters.',
      'Check free space on OneDrive (storage full) and on the local disk.',
      'Reset OneDrive: run "%localappdata%\\Microsoft\\OneDrive\\onedrive.exe /reset", then start OneDrive again; it rescans without losing files.',
      'If a library does not sync after the reset, escalate to level 2 with the library name and the error code.',
    ),
    tags: ['onedrive', 'sync', 'files', 'microsoft-365'],
  },
];
