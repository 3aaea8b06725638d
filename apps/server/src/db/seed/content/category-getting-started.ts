import type { SeedCategory } from './types.js';

export const gettingStarted: SeedCategory = {
  slug: 'getting-started',
  name: 'Getting Started',
  description:
    'New to Fernwork? Set up your account, bring your team on board and install the apps.',
  sections: [
    // ------------------------------------------------------------------
    {
      slug: 'your-account',
      name: 'Your account',
      description: 'Sign up, secure your login and keep your profile up to date.',
      articles: [
        {
          slug: 'create-your-fernwork-account',
          title: 'Create your Fernwork account',
          labels: ['account', 'onboarding'],
          promoted: true,
          helpful: 31,
          notHelpful: 3,
          body: `Getting started with Fernwork takes about five minutes. This guide walks you through signing up, naming your first workspace and choosing the setup that matches how your team works.

## Before you begin

You'll need:

- A work email address you can access right now (we send a six-digit confirmation code).
- A rough idea of who will use Fernwork first. You can always invite more people later.

If your company already uses Fernwork, **don't create a new account**. Ask a workspace admin to invite you instead, otherwise you'll end up in a separate, empty workspace.

## Sign up

1. Go to the Fernwork sign-up page and enter your work email, or choose **Continue with Google** or **Continue with Microsoft**.
2. Enter the confirmation code from the email. Codes expire after 15 minutes; click **Resend code** if yours has expired.
3. Add your full name and choose a password of at least 12 characters. If you signed up with Google or Microsoft, this step is skipped.
4. Name your workspace. Most teams use their company or department name, for example *Northwind Logistics* or *Acme – Support Team*.

## Pick a starting template

Fernwork asks what you'd like to do first:

| Option | Best for | What gets created |
| --- | --- | --- |
| **Plan projects** | Product, marketing and agency teams | A sample project with a board, list and timeline view |
| **Schedule shifts** | Retail, support, healthcare and field teams | A weekly rota with two example shifts |
| **Start blank** | Anyone who wants full control | An empty workspace |

The template only adds example content; every feature is available whichever one you pick.

## Next steps

- [Invite teammates to your workspace](/articles/invite-teammates-to-your-workspace)
- [Turn on two-step verification](/articles/enable-two-step-verification)
- [Install the desktop and mobile apps](/articles/install-the-desktop-and-mobile-apps)

> **Tip:** Your 14-day trial of the Team plan starts automatically. You won't be charged unless you add a payment method.`,
          comments: [
            {
              author: 'marcus77',
              body: 'I signed up with my personal Gmail by accident. Is there a way to move everything over to my work address, or do I have to start again?',
              upvotes: 6,
              replies: [
                {
                  author: 'nadia-support',
                  body: 'No need to start again! Go to **Profile → Account → Email address** and change it to your work email. Once you confirm the new address, all your projects and workspace ownership stay exactly as they are. If you signed in with Google, set a password first so you can still log in after the switch.',
                  upvotes: 11,
                  replies: [
                    {
                      author: 'marcus77',
                      body: 'That worked perfectly, thank you!',
                      upvotes: 2,
                    },
                  ],
                },
              ],
            },
            {
              author: 'gabi-rocha',
              body: 'Does the trial start when I create the account or when I invite the first person? We want to do some setup before the rest of the team joins.',
              upvotes: 4,
              replies: [
                {
                  author: 'agent',
                  body: 'The trial starts when the workspace is created. If you need more time to get things ready, reply to your welcome email before the trial ends and we can usually extend it by another 14 days.',
                  upvotes: 9,
                  replies: [
                    {
                      author: 'dmwright',
                      body: "Can confirm, they extended ours without any fuss. Worth doing if you're migrating from another tool.",
                      upvotes: 5,
                    },
                  ],
                },
              ],
            },
            {
              author: 'hannah-b',
              body: 'The confirmation code kept landing in our quarantine folder. If you use Microsoft 365 with strict filtering, ask IT to allow `no-reply@fernwork.example` before you start.',
              upvotes: 14,
            },
          ],
        },
        {
          slug: 'enable-two-step-verification',
          title: 'Turn on two-step verification',
          labels: ['security', 'account', '2fa'],
          helpful: 18,
          notHelpful: 1,
          body: `Two-step verification (2SV) protects your account even if someone learns your password. After you turn it on, Fernwork asks for a one-time code whenever you sign in on a new device.

## Set up an authenticator app

1. Click your avatar in the bottom-left corner and choose **Profile → Security**.
2. Under **Two-step verification**, click **Set up**.
3. Scan the QR code with an authenticator app such as 1Password, Authy, Google Authenticator or Microsoft Authenticator.
4. Enter the six-digit code the app shows and click **Verify**.
5. Download or print your **recovery codes** and keep them somewhere safe.

Each recovery code works once. If you use them all, generate a new set from the same page.

## Use a security key

Fernwork also supports FIDO2 security keys and passkeys, such as a YubiKey, Touch ID or Windows Hello. After setting up an authenticator app, click **Add security key** and follow your browser's prompts. You can register up to five keys.

## If your admin requires 2SV

Workspace admins on the Business and Enterprise plans can make 2SV mandatory. If that's the case, you'll be asked to set it up the next time you sign in, and you can't skip the step. Accounts that sign in through [SAML single sign-on](/articles/configure-saml-single-sign-on) use your identity provider's verification instead.

## Lost your phone?

- Sign in with one of your recovery codes, then set up 2SV again on your new device.
- No recovery codes? Ask a workspace admin to **reset two-step verification** from **Admin → Members**. For single-user workspaces, contact support from the sign-in page. We'll verify your identity before removing 2SV, which can take up to two business days.`,
        },
        {
          slug: 'set-your-time-zone-and-working-hours',
          title: 'Set your time zone and working hours',
          labels: ['account', 'scheduling'],
          helpful: 14,
          notHelpful: 2,
          body: `Fernwork uses your time zone and working hours to show due dates correctly, avoid sending notifications while you're off, and help schedulers see when you're available.

## Time zone

By default Fernwork detects your time zone from your browser. To set it manually:

1. Open **Profile → Preferences**.
2. Under **Time zone**, turn off **Set automatically**.
3. Choose your city from the list and click **Save**.

If you travel often, leave automatic detection on. Due dates always stay anchored to the time zone of the *project*, so a task due at 17:00 in London still shows as 12:00 for a teammate in New York.

## Working hours

Working hours tell your team when you're normally reachable.

1. In **Profile → Preferences**, scroll to **Working hours**.
2. Tick the days you work and set a start and end time for each.
3. Optional: add a second block for split shifts, for example 08:00–12:00 and 16:00–20:00.

Outside these hours, Fernwork:

- holds push and email notifications until your next working block (mentions marked **urgent** still get through);
- shows a small moon icon next to your name;
- flags any shift a scheduler assigns to you outside your hours.

## Week start and date format

In the same page you can choose whether weeks start on Monday, Saturday or Sunday, and whether dates appear as \`DD/MM/YYYY\`, \`MM/DD/YYYY\` or \`YYYY-MM-DD\`. These settings only affect how *you* see dates.`,
        },
        {
          slug: 'change-your-email-address-or-name',
          title: 'Change your email address, name or profile photo',
          labels: ['account', 'profile'],
          helpful: 9,
          notHelpful: 1,
          body: `You can update most of your profile yourself. Changes take effect across every workspace you belong to.

## Change your display name or photo

1. Click your avatar and choose **Profile**.
2. Edit **Full name** and **Display name**. Your display name is what teammates see in comments, mentions and schedules.
3. To change your photo, click the current picture and upload a square image (JPG or PNG, up to 5 MB).
4. Click **Save changes**.

## Change your email address

1. Go to **Profile → Account**.
2. Click **Change** next to your email address.
3. Enter the new address and your current password.
4. Open the confirmation email sent to the *new* address and click **Confirm**.

Until you confirm, you keep signing in with the old address. The confirmation link is valid for 24 hours.

### When you can't change your email

- **Your workspace uses SSO.** Your email is managed by your identity provider (for example Okta or Microsoft Entra ID). Ask your IT team to update it there; Fernwork picks up the change the next time you sign in.
- **Your domain is claimed.** If your company has verified its email domain in Fernwork, you can only switch to another address on the same domain. Contact your workspace admin if you need an exception.

## Pronouns and job title

Optional fields for pronouns, job title and location appear on your profile card when someone hovers over your name. Leave them blank if you prefer not to share them.`,
        },
        {
          slug: 'invite-teammates-to-your-workspace',
          title: 'Invite teammates to your workspace',
          labels: ['onboarding', 'members', 'workspace'],
          promoted: true,
          helpful: 27,
          notHelpful: 4,
          body: `Fernwork works best when the whole team is in it. You can invite people one at a time, in bulk, or let anyone with a company email address join on their own.

## Invite by email

1. Click **Invite** in the top-right corner of any page.
2. Enter one or more email addresses, separated by commas or new lines.
3. Choose a role: **Member**, **Guest** or **Admin**. See [Roles and permissions](/articles/roles-and-permissions-reference) for what each can do.
4. Optional: pick the teams the new people should join.
5. Click **Send invitations**.

Invitations expire after 7 days. You can resend or revoke pending invitations from **Admin → Members → Pending**.

## Share an invite link

If you'd rather post a link in your team chat:

1. Go to **Admin → Members** and click **Invite link**.
2. Choose the default role for people who join with the link.
3. Copy the link and share it.

Reset the link at any time to stop it from working. Invite links can't grant the Admin role.

## Let people join with a company email

Admins on paid plans can allow anyone with a verified company domain to join without an invitation:

1. Open **Admin → Security → Approved domains**.
2. Add your domain, for example \`northwind.example\`, and verify it with a DNS TXT record.
3. Choose whether new people join automatically or wait for approval.

## Good to know

- Guests are free and don't use a paid seat, but they can only see projects they've been added to.
- Inviting someone on a paid plan adds a seat once they accept. See [How seats are counted](/articles/how-seats-are-counted).`,
          comments: [
            {
              author: 'ollie_pm',
              body: 'Is there a CSV upload for invitations? We need to add about 140 people from our warehouse team.',
              upvotes: 8,
              replies: [
                {
                  author: 'ben-support',
                  body: 'Yes — in the invite dialog, click **Import from CSV**. The file needs an `email` column and can optionally include `role` and `team`:\n\n```csv\nemail,role,team\nana@northwind.example,member,Warehouse North\nraj@northwind.example,member,Warehouse South\n```\n\nFor 140 people you might also consider SCIM provisioning if you\'re on Business or Enterprise, so leavers are removed automatically.',
                  upvotes: 15,
                  replies: [
                    {
                      author: 'ollie_pm',
                      body: "Perfect, the CSV import did the trick. We're on Team plan so SCIM isn't an option yet, but good to know.",
                      upvotes: 3,
                    },
                  ],
                },
              ],
            },
            {
              author: 'svlindqvist',
              body: "Honestly I think invite links should expire by default. We had an old link floating around in a public Slack channel for months before anyone noticed.",
              upvotes: 12,
              downvotes: 2,
              replies: [
                {
                  author: 'rafael-ops',
                  body: "Disagree a bit — the whole point of the link is convenience for shift workers who don't check email. Making it expire would just mean more resets. Better to only post it in private channels.",
                  upvotes: 5,
                  downvotes: 3,
                  replies: [
                    {
                      author: 'svlindqvist',
                      body: "Fair, but an *option* to set an expiry wouldn't hurt anyone who doesn't want it.",
                      upvotes: 9,
                      replies: [
                        {
                          author: 'moderator',
                          body: "Thanks both — we've merged this into the existing feature request for configurable invite link expiry. Please keep the discussion civil and add your vote there.",
                          upvotes: 4,
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            {
              author: 'member',
              body: 'My invite says it has expired but it was only sent yesterday. Any ideas?',
              upvotes: 1,
              replies: [
                {
                  author: 'agent',
                  body: "This usually happens when the invitation was resent — each resend invalidates the previous link. Please use the most recent email, or ask your admin to resend once more and don't click the older ones.",
                  upvotes: 6,
                },
              ],
            },
          ],
        },
      ],
    },
    // ------------------------------------------------------------------
    {
      slug: 'workspaces-and-teams',
      name: 'Workspaces & teams',
      description: 'How Fernwork organizes people, and who can see and do what.',
      articles: [
        {
          slug: 'workspaces-vs-teams-explained',
          title: 'Workspaces, teams and projects: how they fit together',
          labels: ['workspace', 'teams', 'concepts'],
          helpful: 22,
          notHelpful: 5,
          body: `Fernwork has three levels of organization. Understanding them makes it much easier to decide where things should live and who should see them.

## Workspace

The workspace is the top level. It usually represents your whole company or organization.

- Billing, security settings and the member list belong to the workspace.
- Everyone in a workspace can find each other in the directory.
- Most people only ever need one workspace.

## Teams

Teams are groups of people inside a workspace, such as *Design*, *Night shift* or *Customer Success*.

- A person can belong to any number of teams.
- Teams own projects and schedules, and can have their own default notification and time-off rules.
- Mentioning \`@design\` notifies every member of the Design team.

## Projects and schedules

Projects hold tasks; schedules hold shifts. Each one belongs to a single team and can be:

- **Open** – anyone in the workspace can view it and ask to join.
- **Team only** – visible to members of the owning team.
- **Private** – only people explicitly added can see it.

## Which one should I create?

| If you want to… | Create a… |
| --- | --- |
| Separate two companies with different billing | Workspace |
| Group people who work together every day | Team |
| Track a piece of work with a start and end | Project |
| Plan who works when | Schedule |

## Common mistakes

1. **Creating a workspace per department.** People then need several logins and you pay for duplicate seats. Use teams instead.
2. **Putting everything in one giant project.** Boards with more than a few thousand open tasks get slow and hard to navigate. Split work by goal or quarter.
3. **Making every project private.** Private projects don't show up in search, so colleagues can't discover related work.`,
          comments: [
            {
              author: 'tomasz-k',
              body: 'We are an agency with 6 clients. Should each client be its own workspace or its own team? Clients sometimes need to see their projects.',
              upvotes: 10,
              replies: [
                {
                  author: 'nadia-support',
                  body: 'For most agencies we recommend **one workspace**, a **team per client** and inviting client contacts as **Guests** to the relevant projects. Guests are free and can only see what you add them to. Separate workspaces only make sense if each client pays for Fernwork separately.',
                  upvotes: 17,
                  replies: [
                    {
                      author: 'tomasz-k',
                      body: 'Makes sense. Can guests see the other members of the workspace in the directory?',
                      upvotes: 2,
                      replies: [
                        {
                          author: 'nadia-support',
                          body: 'No — guests only see people who share a project with them. Their directory is limited to those members.',
                          upvotes: 7,
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            {
              author: 'chen_wei',
              body: "The table at the end is really helpful. Wish I'd read this before creating four workspaces 😅",
              upvotes: 6,
            },
            {
              author: 'aiko_t',
              body: 'Can a project belong to two teams? Our design and engineering teams share a launch project.',
              upvotes: 5,
              replies: [
                {
                  author: 'ben-support',
                  body: "A project has one owning team, but you can add a whole second team as members from **Project settings → Members → Add team**. Everyone on both teams then gets the same access.",
                  upvotes: 8,
                },
              ],
            },
          ],
        },
        {
          slug: 'roles-and-permissions-reference',
          title: 'Roles and permissions reference',
          labels: ['permissions', 'admin', 'members'],
          helpful: 25,
          notHelpful: 2,
          body: `Every person in a workspace has one workspace role. Projects and schedules can add a second, more specific role on top.

## Workspace roles

| Permission | Owner | Admin | Member | Guest |
| --- | :---: | :---: | :---: | :---: |
| View open projects and schedules | ✓ | ✓ | ✓ | – |
| Create projects and teams | ✓ | ✓ | ✓ | – |
| Invite members | ✓ | ✓ | Optional | – |
| Manage billing | ✓ | ✓ | – | – |
| Configure SSO and security | ✓ | ✓ | – | – |
| Delete the workspace | ✓ | – | – | – |

- There's exactly one **Owner**. See [Transfer workspace ownership](/articles/transfer-workspace-ownership) to change it.
- Whether members can invite others is controlled in **Admin → Members → Invitation settings**.
- **Guests** only see projects and schedules they've been added to and never count as a paid seat.

## Project roles

| Role | Can do |
| --- | --- |
| **Project lead** | Everything, including deleting the project and changing its visibility |
| **Editor** | Create, edit and complete tasks; manage views and custom fields |
| **Commenter** | Comment and react, but not edit tasks |
| **Viewer** | Read only |

## Schedule roles

- **Scheduler** – builds rotas, approves time off and swaps.
- **Staff** – sees their own shifts, requests swaps and time off.
- **Observer** – sees the full rota but can't change it. Useful for payroll.

## How roles combine

When a person has more than one role, the **most permissive** one wins. For example, a workspace Admin who is only a Viewer on a project can still edit it, because admins can manage every project.

Changing someone's role takes effect immediately; they don't need to sign out.`,
          comments: [
            {
              author: 'dmwright',
              body: '"The most permissive one wins" — so there is no way to stop an admin from seeing a private HR project? That seems like a gap for us.',
              upvotes: 13,
              downvotes: 1,
              replies: [
                {
                  author: 'admin',
                  body: "Admins can *manage* private projects (e.g. archive or transfer them) but on Enterprise you can enable **Restricted projects**, which hides content from admins who aren't members. Every access to a restricted project by an admin is written to the audit log.",
                  upvotes: 16,
                  replies: [
                    {
                      author: 'dmwright',
                      body: "Good to know, though I'd argue that should be available on Business too. Thanks for clarifying.",
                      upvotes: 7,
                      downvotes: 1,
                    },
                  ],
                },
              ],
            },
            {
              author: 'jo_okafor',
              body: 'Quick one: can an Observer export the schedule to CSV?',
              upvotes: 3,
              replies: [
                {
                  author: 'agent',
                  body: 'Yes, observers can export both the rota and the timesheet summary. They just can\'t edit anything.',
                  upvotes: 5,
                  replies: [
                    {
                      author: 'jo_okafor',
                      body: 'Great, that is exactly what our payroll person needs. Thanks!',
                      upvotes: 1,
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          slug: 'create-and-manage-teams',
          title: 'Create and manage teams',
          labels: ['teams', 'workspace'],
          helpful: 12,
          notHelpful: 2,
          body: `Teams group people who work together so you can share projects, schedules and notifications with all of them at once.

## Create a team

1. In the sidebar, click **+** next to **Teams**.
2. Enter a name and an optional short description.
3. Choose a handle. People will use it to mention the team, for example \`@night-shift\`.
4. Pick who can join:
   - **Anyone in the workspace** can join without approval.
   - **By request** – team leads approve each request.
   - **Invite only** – the team is hidden from people who aren't members.
5. Add the first members and click **Create team**.

## Team leads

Each team needs at least one lead. Leads can:

- add and remove members;
- rename the team or change its handle;
- set team defaults, such as the working week used for new schedules;
- archive the team.

To make someone a lead, open the team, go to **Members**, and choose **Make lead** from the menu next to their name.

## Archive or delete a team

Archiving hides the team from the sidebar and stops new projects being created in it. Existing projects stay available and searchable. To archive, open **Team settings → Archive team**.

Deleting a team is permanent and only possible once it owns no projects or schedules. Move them to another team first from each project's settings.

## Tips

- Keep team names short; they appear in many narrow places such as the calendar legend.
- Use a consistent prefix for location-based teams, for example *Store – Leeds* and *Store – York*, so they sort together.`,
        },
        {
          slug: 'switch-between-workspaces',
          title: 'Switch between workspaces',
          labels: ['workspace', 'navigation'],
          helpful: 7,
          notHelpful: 1,
          body: `If you belong to more than one Fernwork workspace — for example your employer's and a volunteer group's — you can move between them without signing out.

## Switch workspaces

- **Web and desktop:** click the workspace name at the top of the sidebar and choose another workspace from the list.
- **Mobile:** tap your avatar, then **Switch workspace**.
- **Keyboard:** press \`Ctrl\` + \`Shift\` + a number (\`Cmd\` + \`Shift\` on macOS) to jump to the workspace in that position.

Each workspace keeps its own notifications, so a badge on the workspace icon shows where you have unread activity.

## Join another workspace

1. Open the workspace menu and choose **Join or create a workspace**.
2. Fernwork lists workspaces you've been invited to and any that allow your email domain.
3. Click **Join** next to the one you want.

## Use a different email per workspace

You can be signed in to workspaces with different accounts at the same time. Choose **Add another account** from the workspace menu and sign in. This is common for contractors who have a client email address.

## Leave a workspace

Go to **Profile → Workspaces**, then click **Leave** next to the workspace. You can't leave a workspace you own; transfer ownership first. Leaving doesn't delete tasks or comments you created; they stay with the workspace and are attributed to your name.

## Reorder the list

Drag workspaces in the switcher to change their order. The order also controls the keyboard shortcut numbers.`,
        },
        {
          slug: 'transfer-workspace-ownership',
          title: 'Transfer workspace ownership',
          labels: ['admin', 'workspace', 'permissions'],
          status: 'DRAFT',
          helpful: 0,
          notHelpful: 0,
          body: `Every workspace has exactly one Owner. Transfer ownership before the current owner leaves the company or changes role, so nobody gets locked out of billing and security settings.

## Who can transfer ownership

Only the current Owner can start a transfer. The new owner must already be an **Admin** in the workspace and must have signed in at least once.

## Transfer ownership

1. Open **Admin → Settings → Ownership**.
2. Click **Transfer ownership**.
3. Choose the new owner from the list of admins.
4. Enter your password (or confirm with SSO) and click **Send request**.
5. The new owner receives an email and an in-app notification. The transfer completes when they click **Accept**.

After the transfer, the previous owner becomes an Admin. They can be demoted or removed like any other admin.

## What changes

- Billing emails and invoices go to the new owner. Update the **billing contact** separately if someone else handles payments.
- The new owner is the only person who can delete the workspace or transfer ownership again.
- Nothing else changes: projects, schedules and integrations keep working as before.

## The owner has already left

If the owner's account is deactivated and nobody can accept or start a transfer, an admin can ask support to reassign ownership. We'll need:

- a request from an admin's verified work email;
- confirmation from someone with authority at the company, such as an IT or finance lead;
- the workspace URL.

This usually takes two to three business days.

> **Editor's note:** confirm with billing team whether the card on file moves with ownership or needs re-entering. Screenshots pending.`,
        },
      ],
    },
    // ------------------------------------------------------------------
    {
      slug: 'apps-and-notifications',
      name: 'Apps & notifications',
      description: 'Desktop and mobile apps, notifications, digests and shortcuts.',
      articles: [
        {
          slug: 'install-the-desktop-and-mobile-apps',
          title: 'Install the desktop and mobile apps',
          labels: ['apps', 'mobile', 'desktop'],
          promoted: true,
          helpful: 20,
          notHelpful: 2,
          body: `Fernwork runs in any modern browser, but the apps add native notifications, offline access and quicker switching between workspaces.

## System requirements

| Platform | Minimum version |
| --- | --- |
| Windows | Windows 10 (64-bit) |
| macOS | macOS 12 Monterey |
| Linux | Ubuntu 22.04, Fedora 38 or equivalent (\`.deb\`, \`.rpm\`, AppImage) |
| iOS / iPadOS | 16 |
| Android | 10 |

Supported browsers are the latest two versions of Chrome, Edge, Firefox and Safari.

## Desktop

1. Open **Profile → Apps** in the web app, or go to the downloads page.
2. Download the installer for your operating system.
3. Run the installer and sign in. If your workspace uses SSO, the app opens your browser to complete sign-in.

The desktop app updates itself in the background. To check manually, choose **Help → Check for updates**.

### Installing for the whole company

IT teams can deploy the app silently. On Windows, use the MSI package:

\`\`\`powershell
msiexec /i FernworkSetup.msi /qn ALLUSERS=1 DISABLE_AUTO_UPDATE=0
\`\`\`

On macOS, the \`.pkg\` installer works with Jamf, Kandji and other MDM tools.

## Mobile

Search for **Fernwork** in the App Store or Google Play, install it and sign in. To sign in quickly, open **Profile → Apps** on your computer and scan the QR code with your phone.

On mobile you can:

- view and clock in to your shifts;
- request time off and swaps;
- complete, comment on and create tasks;
- receive push notifications.

Building schedules and editing automations are only available on the web and desktop apps.`,
        },
        {
          slug: 'customize-your-notifications',
          title: 'Customize your notifications',
          labels: ['notifications', 'settings'],
          helpful: 16,
          notHelpful: 6,
          body: `Fernwork can notify you in the app, by email, by push notification and in Slack or Microsoft Teams. This article explains how to get the updates you need without drowning in them.

## Choose what you're notified about

Open **Profile → Notifications**. For each type of event, choose the channels you want:

| Event | Default |
| --- | --- |
| You're mentioned | In-app, push, email |
| A task is assigned to you | In-app, push |
| A task you follow is updated | In-app |
| Your shift changes | In-app, push, email |
| Time-off request approved or declined | In-app, push |
| A comment is added to your task | In-app |

## Follow or mute a task or project

- Click the **bell** icon on a task to follow or unfollow it.
- On a project, open the **⋯** menu and choose **Notification level**: *All activity*, *Mentions and assignments only* or *Muted*.

Muting a project doesn't stop notifications when someone mentions you directly.

## Pause notifications

Click your avatar and choose **Pause notifications** for 30 minutes, 2 hours, until tomorrow, or a custom time. While paused, notifications collect in your inbox and you don't get push or email alerts.

Notifications are also held automatically outside your [working hours](/articles/set-your-time-zone-and-working-hours).

## Email frequency

Under **Email**, choose between:

- **Instantly** – one email per event.
- **Bundled** – at most one email every 15 minutes.
- **Daily digest only** – see [Set up the daily digest email](/articles/set-up-the-daily-digest-email).

## Still not getting notifications?

See [Notifications aren't arriving](/articles/notifications-not-arriving) for troubleshooting steps.`,
          comments: [
            {
              author: 'priya_nair',
              body: "Is there a way to get notified only when a task moves to a specific column? I only care when something lands in **Ready for QA**.",
              upvotes: 9,
              replies: [
                {
                  author: 'ben-support',
                  body: "Not from notification settings, but you can do it with an automation flow: trigger **Task moved to column → Ready for QA**, action **Send notification → Me** (or a team). See [Automation flows overview](/articles/automation-flows-overview).",
                  upvotes: 12,
                  replies: [
                    {
                      author: 'priya_nair',
                      body: 'Clever, set that up in two minutes. Thanks Ben!',
                      upvotes: 3,
                    },
                  ],
                },
              ],
            },
            {
              author: 'marcus77',
              body: "The \"bundled\" email setting still sends me way too many emails. 15 minutes is nothing when the team is active. Would love an hourly option.",
              upvotes: 18,
              replies: [
                {
                  author: 'agent',
                  body: "Thanks for the feedback — I've passed it on to the product team. In the meantime, the daily digest combined with push notifications for mentions works well for a lot of people.",
                  upvotes: 4,
                  downvotes: 2,
                },
              ],
            },
            {
              author: 'hannah-b',
              body: 'Pause notifications does not seem to apply to the Slack notifications for me. Expected?',
              upvotes: 5,
              replies: [
                {
                  author: 'nadia-support',
                  body: "Yes, currently pausing only affects Fernwork's own channels (in-app badge, push and email). Slack has its own Do Not Disturb, which we recommend using alongside it.",
                  upvotes: 6,
                  replies: [
                    {
                      author: 'hannah-b',
                      body: "Bit confusing since it's called *pause notifications* — maybe worth adding a note to the article?",
                      upvotes: 8,
                      replies: [
                        {
                          author: 'nadia-support',
                          body: "Good point, we'll update the wording in the next revision.",
                          upvotes: 3,
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          slug: 'keyboard-shortcuts',
          title: 'Keyboard shortcuts',
          labels: ['productivity', 'shortcuts'],
          helpful: 24,
          notHelpful: 1,
          body: `Keyboard shortcuts make it faster to move around Fernwork and update tasks without reaching for the mouse. Press \`?\` anywhere to see this list inside the app.

On macOS, use \`Cmd\` wherever this page says \`Ctrl\`.

## Global

| Shortcut | Action |
| --- | --- |
| \`Ctrl\` + \`K\` | Open quick search |
| \`C\` | Create a task in the current project |
| \`G\` then \`I\` | Go to inbox |
| \`G\` then \`M\` | Go to My tasks |
| \`G\` then \`S\` | Go to My schedule |
| \`Ctrl\` + \`/\` | Toggle the sidebar |
| \`?\` | Show all shortcuts |

## On a board or list

| Shortcut | Action |
| --- | --- |
| \`J\` / \`K\` | Move to the next / previous task |
| \`Enter\` | Open the selected task |
| \`X\` | Select the task for bulk actions |
| \`Shift\` + \`X\` | Select a range of tasks |
| \`F\` | Open filters |

## In an open task

| Shortcut | Action |
| --- | --- |
| \`A\` | Assign |
| \`D\` | Set due date |
| \`L\` | Add a label |
| \`Ctrl\` + \`Enter\` | Mark complete |
| \`M\` | Move to another project |
| \`Esc\` | Close the task |

## In the schedule editor

| Shortcut | Action |
| --- | --- |
| \`Ctrl\` + \`C\` / \`Ctrl\` + \`V\` | Copy and paste shifts |
| \`Ctrl\` + \`D\` | Duplicate the selected shift to the next day |
| \`Delete\` | Remove the selected shifts |
| \`Ctrl\` + \`Z\` | Undo |

## Turning shortcuts off

If single-key shortcuts clash with a screen reader or browser extension, go to **Profile → Accessibility** and turn off **Single-key shortcuts**. Shortcuts that use \`Ctrl\` keep working.`,
        },
        {
          slug: 'set-up-the-daily-digest-email',
          title: 'Set up the daily digest email',
          labels: ['notifications', 'email'],
          helpful: 8,
          notHelpful: 3,
          body: `The daily digest is a single email that summarizes what happened in Fernwork since the last one. Many people use it instead of individual email notifications.

## What's in the digest

Each digest can include:

- **Due soon** – your tasks due today and tomorrow, plus anything overdue.
- **Your shifts** – the shifts you work in the next 48 hours, including any changes.
- **Mentions** – comments where you were mentioned and haven't replied yet.
- **Project updates** – status updates posted in projects you follow.
- **Waiting on you** – time-off or swap requests you need to approve (schedulers only).

Empty sections are left out, and if there's nothing at all to report we don't send an email.

## Turn it on

1. Go to **Profile → Notifications → Email**.
2. Switch on **Daily digest**.
3. Choose the time you want to receive it. It's sent in your own time zone.
4. Choose which days: weekdays only, every day, or your working days.
5. Tick the sections you want to include.

## Weekly summary for leads

Project leads and schedulers can also get a **weekly summary** every Monday. It shows tasks completed, overdue work, hours scheduled versus budget, and open requests. Turn it on from the same page.

## Unsubscribing

Every digest has an **Unsubscribe** link at the bottom. It turns off that digest only; other email notifications keep working. To stop all emails from Fernwork, set every event to in-app only in your notification settings.`,
        },
        {
          slug: 'use-fernwork-offline',
          title: 'Use Fernwork offline',
          labels: ['apps', 'offline', 'mobile'],
          helpful: 11,
          notHelpful: 4,
          body: `The Fernwork desktop and mobile apps keep working when your connection drops, which is handy on a flight, in a basement stockroom or anywhere with patchy signal.

## What works offline

- Viewing projects and schedules you've opened in the last 14 days.
- Creating, editing and completing tasks.
- Writing comments (they're sent when you reconnect).
- Clocking in and out of shifts on mobile. The time recorded is the time on your device when you tapped the button.

## What needs a connection

- Search across the whole workspace.
- Opening attachments you haven't viewed before.
- Approving time off and swaps.
- Anything in the admin settings.

## How syncing works

When you go offline, a grey **Offline** banner appears at the top of the app. Changes you make are saved on your device and marked with a small clock icon.

When you reconnect, Fernwork syncs your changes in the order you made them. If someone else edited the same field while you were offline, the most recent change wins and both versions appear in the task's history, so nothing is lost.

## Make a project available offline

By default the app keeps recent items. To make sure a specific project is always available:

1. Open the project.
2. Click **⋯ → Available offline**.

On mobile, you can choose to download attachments too, but only on Wi-Fi.

## Clearing offline data

If you use a shared device, go to **Settings → Storage → Clear offline data** before handing it on. Signing out also removes all offline data.`,
        },
      ],
    },
  ],
};
