import type { SeedCategory } from './types.js';

export const billingSecurityTroubleshooting: SeedCategory = {
  slug: 'billing-security-and-troubleshooting',
  name: 'Billing, Security & Troubleshooting',
  description:
    'Plans and invoices, single sign-on and data controls, and fixes for common problems.',
  sections: [
    // ------------------------------------------------------------------
    {
      slug: 'plans-and-billing',
      name: 'Plans & billing',
      description: 'Compare plans, manage payment details and understand your invoice.',
      articles: [
        {
          slug: 'compare-fernwork-plans',
          title: 'Compare Fernwork plans',
          labels: ['billing', 'plans', 'pricing'],
          promoted: true,
          helpful: 26,
          notHelpful: 6,
          body: `Fernwork offers four plans. Every plan includes unlimited projects, tasks and schedules; the differences are in team size, automation, administration and support.

## At a glance

| | Free | Team | Business | Enterprise |
| --- | --- | --- | --- | --- |
| Members | Up to 10 | Unlimited | Unlimited | Unlimited |
| Guests | 5 | Unlimited | Unlimited | Unlimited |
| File storage | 2 GB total | 10 GB per member | 50 GB per member | Custom |
| Automation runs / month | 250 | 5,000 | 50,000 | Custom |
| Timeline & dependencies | – | ✓ | ✓ | ✓ |
| Labour rules & timesheets | – | ✓ | ✓ | ✓ |
| SAML SSO | – | – | ✓ | ✓ |
| SCIM provisioning | – | – | ✓ | ✓ |
| Audit log | – | – | 90 days | Unlimited |
| Data residency (EU / US / AU) | – | – | – | ✓ |
| Support | Community | Email | Priority email & chat | Dedicated manager |

## Which plan is right for me?

- **Free** is great for small teams trying Fernwork or running a single simple rota.
- **Team** suits most growing teams that need timelines, more automation and timesheets.
- **Business** is for organizations with an IT team that needs SSO, provisioning and audit logs.
- **Enterprise** adds data residency, restricted projects, custom contracts and invoicing.

## Monthly or annual billing

Annual billing costs the same as ten months of monthly billing. You can switch from monthly to annual at any time; the unused part of your current month is credited. Switching from annual to monthly takes effect at your next renewal.

## Trying a higher plan

Admins can start a free 14-day trial of Business from **Admin → Billing → Plans**, even while on Team. If you don't upgrade, you return to your current plan automatically and nothing is lost, though Business-only settings such as SSO are switched off.

For details on how members are billed, see [How seats are counted](/articles/how-seats-are-counted).`,
        },
        {
          slug: 'update-payment-method-and-invoices',
          title: 'Update your payment method and download invoices',
          labels: ['billing', 'invoices', 'payments'],
          helpful: 19,
          notHelpful: 3,
          body: `Only the workspace Owner and Admins with billing permission can see and change billing details.

## Update your card

1. Go to **Admin → Billing → Payment method**.
2. Click **Replace card** and enter the new details.
3. Click **Save**. Some banks ask you to confirm the card in their app (3-D Secure).

We accept Visa, Mastercard and American Express. Business and Enterprise customers on annual plans can also pay by bank transfer against an invoice.

## Download invoices

All invoices from the last seven years are listed under **Admin → Billing → Invoices**. Click any row to download a PDF.

To receive invoices by email automatically, add addresses under **Billing contacts**, for example your finance team's shared inbox. Billing contacts don't need a Fernwork account.

## Add company details and tax ID

Go to **Admin → Billing → Company details** to add:

- your legal company name and address, as it should appear on invoices;
- a VAT, GST or ABN number.

With a valid EU VAT number, invoices are issued with reverse charge and no VAT added. Changes only apply to *future* invoices; we can't reissue past ones with different details.

## If a payment fails

We retry a failed payment three times over seven days and email the Owner and billing contacts each time. During this period everything keeps working. If the last retry fails, the workspace is moved to the Free plan; nothing is deleted, and you can upgrade again at any time to get everything back.

## Need a purchase order number on your invoice?

Add it under **Company details → PO number**. It appears on every future invoice until you change it.`,
          comments: [
            {
              author: 'gabi-rocha',
              body: "We changed our company name last month. Is there really no way to get the old invoices reissued? Our accountant needs them to match.",
              upvotes: 9,
              downvotes: 1,
              replies: [
                {
                  author: 'nadia-support',
                  body: "For a legal name change we can make an exception. Please open a billing ticket from **Admin → Billing → Contact billing** and attach the registration document for the name change, and we'll reissue invoices from the date it took effect.",
                  upvotes: 12,
                  replies: [
                    {
                      author: 'gabi-rocha',
                      body: 'Done, thank you. Got them back within a day.',
                      upvotes: 4,
                    },
                  ],
                },
              ],
            },
            {
              author: 'jo_okafor',
              body: "Can we pay with PayPal? We're a small charity and don't have a company card.",
              upvotes: 6,
              replies: [
                {
                  author: 'agent',
                  body: "Not at the moment, sorry — cards for monthly plans, plus bank transfer on annual Business/Enterprise. You may also be eligible for our nonprofit discount; reply to this thread if you'd like me to check.",
                  upvotes: 5,
                  replies: [
                    {
                      author: 'jo_okafor',
                      body: 'Yes please, that would be amazing.',
                      upvotes: 1,
                      replies: [
                        {
                          author: 'agent',
                          body: "I've opened a ticket for you, watch your inbox for an email from our billing team.",
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
          slug: 'how-seats-are-counted',
          title: 'How seats are counted',
          labels: ['billing', 'seats', 'members'],
          helpful: 22,
          notHelpful: 5,
          body: `On paid plans you pay for each **seat**. This article explains who uses a seat, when seats are added and removed, and how that shows up on your invoice.

## Who uses a seat

- **Uses a seat:** Owners, Admins and Members with an active account.
- **Doesn't use a seat:** Guests, deactivated members, pending invitations, and service accounts used for integrations.

## When seats are added

A seat is added when an invited person **accepts** their invitation, not when the invitation is sent. If you're on monthly billing, you're charged a prorated amount for the rest of the current month. On annual billing, new seats are added up to your committed number first; anything above that is billed quarterly in arrears.

## When seats are removed

When you deactivate a member, their seat is freed immediately and can be reused by someone else at no extra charge. On **monthly** billing, your next invoice reflects the lower number. On **annual** billing, you can lower your committed number only at renewal.

## Example

| Date | Event | Seats billed |
| --- | --- | --- |
| 1 March | Renewal, 20 members | 20 |
| 10 March | 3 new members accept invites | 23 (prorated for 3) |
| 18 March | 2 members deactivated | 23 this month |
| 1 April | Next invoice | 21 |

## Check your seat usage

**Admin → Billing → Seats** shows how many seats are in use, how many you've paid for, and a list of members with the date they were last active. Sort by **Last active** to find people who no longer need access.

## Inactive members

On Business and Enterprise, you can turn on **Fair billing**: members who haven't signed in for 30 days are not charged for the following month. They keep their access and are billed again when they next sign in.`,
        },
        {
          slug: 'cancel-or-downgrade-your-plan',
          title: 'Cancel or downgrade your plan',
          labels: ['billing', 'plans', 'cancellation'],
          helpful: 10,
          notHelpful: 4,
          body: `You can downgrade or cancel your Fernwork subscription at any time from the billing settings. We're sorry to see you go, and we'd love to hear why in the short survey at the end.

## Downgrade to a lower plan

1. Go to **Admin → Billing → Plans**.
2. Click **Change plan** and choose the new plan.
3. Review what will change and click **Confirm**.

The downgrade takes effect at the end of your current billing period. Until then, you keep every feature you've paid for.

### What happens to features you lose

- **Automation flows** over the new limit are paused, not deleted. Turn them back on after upgrading.
- **SSO** is turned off; people sign in with email and password or Google/Microsoft instead. Make sure everyone can reset their password first.
- **Audit logs** stop being recorded, but existing entries remain downloadable for 90 days.
- **Timelines** become read only on the Free plan.

## Cancel entirely

Cancelling moves the workspace to the Free plan at the end of the billing period. If you have more than 10 members, everyone except the Owner and Admins becomes read only until you reduce the number of members or upgrade again.

## Delete the workspace

To remove all your data instead, the Owner can go to **Admin → Settings → Delete workspace**. Deletion is scheduled for 14 days later, and you can cancel it during that time. After that, data is permanently erased from our systems within 30 days, including backups.

We recommend [exporting your data](/articles/export-your-workspace-data) first.

## Refunds

Monthly plans aren't refunded for partial months. For annual plans cancelled within 30 days of purchase or renewal, contact support for a prorated refund.`,
        },
        {
          slug: 'nonprofit-and-education-discounts',
          title: 'Nonprofit and education discounts',
          labels: ['billing', 'discounts', 'nonprofit'],
          status: 'DRAFT',
          helpful: 0,
          notHelpful: 0,
          body: `We want Fernwork to be affordable for organizations doing good work. Eligible nonprofits, schools and universities can get a discount on any paid plan.

## Who is eligible

- **Registered nonprofits and charities** with a charitable status recognized in their country (for example a 501(c)(3) in the US or a registered charity in the UK).
- **Schools, colleges and universities** that are accredited, for staff and administrative teams.
- **Student clubs and societies** affiliated with an accredited institution.

Not eligible: government bodies, political parties, religious organizations whose main activity is worship, and for-profit training companies.

## Discounts

| Organization type | Team plan | Business plan |
| --- | --- | --- |
| Nonprofit | 50% off | 30% off |
| Education | 50% off | 30% off |
| Student club | Free, up to 50 members | – |

Discounts apply to both monthly and annual billing and can't be combined with other promotions.

## How to apply

1. Create your workspace and start a trial as normal.
2. Go to **Admin → Billing → Discounts** and click **Apply**.
3. Upload proof of status, such as a registration certificate or an accreditation letter.
4. We'll review your application within five business days and email you the result.

Once approved, the discount is applied from your next invoice. Discounts are reviewed every two years.

> **Editor's note:** percentages pending sign-off from finance. Student club limit may change to 30.`,
        },
      ],
    },
    // ------------------------------------------------------------------
    {
      slug: 'security-and-sso',
      name: 'Security & SSO',
      description: 'Single sign-on, user provisioning, audit logs and your data.',
      articles: [
        {
          slug: 'configure-saml-single-sign-on',
          title: 'Configure SAML single sign-on',
          labels: ['sso', 'security', 'admin'],
          helpful: 21,
          notHelpful: 6,
          body: `SAML single sign-on (SSO) lets your team sign in to Fernwork with your company identity provider (IdP), such as Okta, Microsoft Entra ID, Google Workspace, JumpCloud or OneLogin. SSO is available on the Business and Enterprise plans.

## Before you start

- You need to be a Fernwork Owner or Admin, and an admin in your IdP.
- [Verify your email domain](/articles/invite-teammates-to-your-workspace) under **Admin → Security → Approved domains**.
- Keep this browser tab open and signed in until you've tested sign-in in another window.

## 1. Create an app in your IdP

Most IdPs have a **Fernwork** app in their catalogue that fills in the values for you. If yours doesn't, create a custom SAML 2.0 app with:

| Setting | Value |
| --- | --- |
| ACS (reply) URL | \`https://auth.fernwork.example/saml/acs\` |
| Entity ID (audience) | \`https://auth.fernwork.example/saml/<workspace-id>\` |
| Name ID format | \`EmailAddress\` |
| Attributes | \`email\`, \`firstName\`, \`lastName\` |

Your workspace ID is shown on the SSO settings page.

## 2. Configure Fernwork

1. Go to **Admin → Security → Single sign-on**.
2. Paste the **IdP metadata URL**, or upload the metadata XML file.
3. Click **Test connection**. A new window opens and signs you in through your IdP.
4. If the test succeeds, click **Enable SSO**.

## 3. Choose enforcement

- **Optional** – people can use SSO or their existing password.
- **Required** – everyone with an approved domain must use SSO. Guests and people with other email domains still use passwords.

We recommend starting with *Optional* for a few days, then switching to *Required*.

## Break-glass access

The workspace Owner can always sign in with a password and two-step verification, even when SSO is required. This prevents a lockout if your IdP has an outage or a certificate expires.

## Certificates

IdP signing certificates usually expire every one to three years. Fernwork emails admins 30, 7 and 1 day before the certificate in use expires. Upload the new metadata before that date to avoid sign-in failures.`,
          comments: [
            {
              author: 'tomasz-k',
              body: 'Test connection fails with `InvalidAudience`. We used the Okta catalogue app.',
              upvotes: 6,
              replies: [
                {
                  author: 'ben-support',
                  body: "That means the Entity ID in Okta doesn't match your workspace. In the Okta app's **Sign On** tab, check the *Workspace ID* field — it needs to be just the ID (e.g. `ws_41c9`), not the full URL. Okta builds the URL from it.",
                  upvotes: 10,
                  replies: [
                    {
                      author: 'tomasz-k',
                      body: 'Yep, I pasted the whole URL. Working now, thanks.',
                      upvotes: 3,
                    },
                  ],
                },
              ],
            },
            {
              author: 'dmwright',
              body: "I don't love that the Owner can bypass SSO. Our security team wants *everyone* through the IdP, no exceptions.",
              upvotes: 8,
              downvotes: 2,
              replies: [
                {
                  author: 'admin',
                  body: "Understood. On Enterprise you can disable break-glass access under **Security → Single sign-on → Advanced**. We keep it on by default because IdP misconfigurations are the most common cause of full lockouts we see.",
                  upvotes: 11,
                  replies: [
                    {
                      author: 'rafael-ops',
                      body: "Speaking from experience: keep it on. Our IdP cert expired on a Friday night and the break-glass login was the only reason we could still publish Monday's rota.",
                      upvotes: 14,
                      replies: [
                        {
                          author: 'dmwright',
                          body: "Fair enough, that's a convincing story. We'll keep it and monitor the owner's logins in the audit log instead.",
                          upvotes: 6,
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            {
              author: 'member',
              body: 'Does SSO work in the mobile app?',
              upvotes: 2,
              replies: [
                {
                  author: 'nadia-support',
                  body: 'Yes. Tap **Sign in with SSO** and enter your work email; the app opens your IdP login in the system browser.',
                  upvotes: 4,
                },
              ],
            },
          ],
        },
        {
          slug: 'provision-users-with-scim',
          title: 'Provision users with SCIM',
          labels: ['scim', 'sso', 'admin'],
          helpful: 11,
          notHelpful: 2,
          body: `SCIM provisioning keeps your Fernwork member list in sync with your identity provider. When someone joins or leaves your company, their Fernwork account is created or deactivated automatically. SCIM is available on Business and Enterprise.

## What SCIM does

- **Creates** accounts when people are assigned to the Fernwork app in your IdP.
- **Updates** names, email addresses and job titles when they change.
- **Deactivates** accounts when people are unassigned or suspended, freeing their seat.
- **Syncs groups** from your IdP to Fernwork teams (optional).

SCIM never deletes content. Tasks and comments from deactivated members stay in place.

## Set up SCIM

1. Make sure [SAML SSO](/articles/configure-saml-single-sign-on) is already working.
2. In Fernwork, go to **Admin → Security → Provisioning** and click **Generate SCIM token**. Copy the token and the base URL:

\`\`\`
Base URL:  https://api.fernwork.example/scim/v2
Auth:      Bearer <your SCIM token>
\`\`\`

3. In your IdP, open the Fernwork app's provisioning settings, paste both values and test the connection.
4. Turn on *Create users*, *Update user attributes* and *Deactivate users*.
5. Assign people or groups to the app.

## Group sync

When you push a group from your IdP, Fernwork creates a team with the same name, or links it to an existing team if you choose one. Membership of that team is then managed by the IdP; team leads can't add or remove people manually.

## Troubleshooting

Check **Admin → Security → Provisioning → Activity** for every SCIM request and its result. Common errors:

- \`409 Conflict\` – an account with that email already exists in another workspace. Ask the person to leave it, or contact support.
- \`403 Forbidden\` – the token was revoked or belongs to another workspace. Generate a new one.
- \`400 Missing attribute\` – map \`userName\` to the person's email in your IdP.`,
        },
        {
          slug: 'review-the-audit-log',
          title: 'Review the audit log',
          labels: ['security', 'audit', 'admin'],
          helpful: 9,
          notHelpful: 1,
          body: `The audit log records important actions in your workspace, so admins and security teams can see who did what and when. It's available on Business (90 days of history) and Enterprise (unlimited history).

## What's recorded

- **Sign-ins:** successful and failed sign-ins, including IP address, device and method (password, Google, SSO).
- **Members:** invitations, role changes, deactivations and two-step verification resets.
- **Security settings:** changes to SSO, SCIM, approved domains and session length.
- **Content:** projects and schedules created, deleted, archived or made public; exports; deleted tasks.
- **Integrations:** API tokens created or revoked, apps connected or disconnected, webhook changes.
- **Billing:** plan changes and payment method updates.

Task edits and comments aren't in the audit log; use each task's history for those.

## View the log

1. Go to **Admin → Security → Audit log**.
2. Filter by date range, person, action type or IP address.
3. Click an entry for full details, including the before and after values for settings changes.

## Export

Click **Export** to download the filtered results as CSV or JSON (up to 100,000 entries per export).

## Stream to your SIEM

On Enterprise, you can stream events in real time to Splunk, Datadog, Microsoft Sentinel, or any HTTPS endpoint. Set this up under **Audit log → Streaming**. Each event is delivered within about a minute and retried for up to 24 hours if your endpoint is unavailable.

## Alerts

Create an alert to email admins when specific events occur, such as *SSO settings changed* or *more than 10 failed sign-ins from one IP in 5 minutes*.`,
        },
        {
          slug: 'export-your-workspace-data',
          title: 'Export your workspace data',
          labels: ['export', 'data', 'admin'],
          helpful: 13,
          notHelpful: 2,
          body: `You can export your data from Fernwork at any time, whether for a backup, an audit, or moving to another tool. Your data is always yours.

## What you can export

| Export | Who can run it | Format |
| --- | --- | --- |
| A single project | Project leads | CSV or JSON |
| A schedule and timesheets | Schedulers and observers | CSV or XLSX |
| Full workspace | Owner and admins | JSON archive (ZIP) |
| Your own personal data | Anyone | JSON archive (ZIP) |

## Export a project

Open the project and choose **⋯ → Export**. CSV includes one row per task with all fields; JSON also includes comments, subtasks and attachment links.

## Export the whole workspace

1. Go to **Admin → Settings → Export data**.
2. Choose what to include: projects, schedules, members, comments and attachments.
3. Click **Start export**.

Large exports can take several hours. We email you a download link when the archive is ready. The link works for 7 days and requires you to sign in.

### Private projects

By default, a workspace export includes only projects that are open or team-visible. To include private projects, the Owner must tick **Include private content**. This action is recorded in the audit log.

## Download your personal data

Under **Profile → Privacy → Download my data**, you can get a copy of your profile, comments, tasks assigned to you and your shift history. This is available even if you're a guest.

## Scheduled backups

Enterprise admins can schedule a weekly full export to an Amazon S3 bucket or Azure Blob Storage container from **Admin → Settings → Scheduled exports**.`,
        },
        {
          slug: 'data-residency-and-retention-faq',
          title: 'Data residency and retention FAQ',
          labels: ['security', 'privacy', 'data'],
          helpful: 8,
          notHelpful: 2,
          body: `Answers to the questions security and legal teams ask us most often about where Fernwork stores data and for how long.

### Where is my data stored?

By default, workspaces are hosted in the United States. Enterprise customers can choose the **EU** (Frankfurt and Dublin) or **Australia** (Sydney) when the workspace is created. Choose from **Admin → Settings → Data region**.

### Can I move an existing workspace to another region?

Yes, on Enterprise. Migrations are scheduled with our team and usually involve a read-only window of one to four hours, depending on the size of the workspace.

### Is my data encrypted?

Yes. Data is encrypted in transit with TLS 1.2 or later and at rest with AES-256. Enterprise customers can use their own encryption keys managed in AWS KMS.

### How long do you keep deleted items?

- **Tasks and comments** go to the project's trash and are permanently deleted after 30 days.
- **Projects and schedules** can be restored by admins for 30 days after deletion.
- **Deleted workspaces** are erased within 30 days, including backups.

### Can we set our own retention rules?

Enterprise admins can add retention policies under **Admin → Security → Retention**, for example automatically deleting completed tasks after two years, or keeping shift records for seven years to meet labour law requirements.

### Who at Fernwork can access our data?

Only a small number of support and engineering staff, and only when needed to resolve a problem you've reported or to keep the service running. Access is logged. On Enterprise you can require explicit approval before support views your workspace.

### Do you use our content to train AI models?

No. Your workspace content isn't used to train any models.

### Where can I find your security documentation?

Admins on Business and Enterprise can download our latest security report and sub-processor list from **Admin → Security → Compliance**.`,
        },
      ],
    },
    // ------------------------------------------------------------------
    {
      slug: 'troubleshooting',
      name: 'Troubleshooting',
      description: 'Step-by-step fixes for sign-in, notification, sync and performance problems.',
      articles: [
        {
          slug: 'i-cant-sign-in',
          title: "I can't sign in",
          labels: ['sign-in', 'troubleshooting', 'account'],
          helpful: 30,
          notHelpful: 8,
          body: `Sign-in problems usually have a simple cause. Work through the section that matches what you see.

## "Incorrect email or password"

1. Check you're using the email address your Fernwork account was created with. If you were invited, it's the address the invitation was sent to.
2. If you originally signed up with **Continue with Google** or **Continue with Microsoft**, use that button. Your account may not have a password.
3. Click **Forgot password?** to get a reset link. It expires after one hour.

After 10 failed attempts, sign-in is blocked for 15 minutes to protect your account.

## "Your workspace requires single sign-on"

Your admin has made SSO mandatory. Click **Sign in with SSO** and enter your work email. If your identity provider shows an error, contact your IT team; Fernwork support can't change your company login.

## You don't receive the reset email or code

- Check spam, junk and quarantine folders.
- Search your inbox for emails from \`no-reply@fernwork.example\`.
- Ask IT to allow that address if your company filters email strictly.
- Wait five minutes before requesting another email; each new request invalidates the previous one.

## Two-step verification codes don't work

Codes depend on your phone's clock. Make sure it's set to update the time automatically. If you've lost your device, see [Turn on two-step verification](/articles/enable-two-step-verification#lost-your-phone).

## "Your account has been deactivated"

An admin removed you from the workspace, or SCIM deactivated your account. Contact your workspace admin to be reactivated.

## Nothing happens when I click Sign in

Try a private browsing window. If that works, clear cookies for Fernwork or disable browser extensions one at a time; privacy and ad-blocking extensions are the usual cause.

## Still stuck?

Use **Contact support** on the sign-in page. Include the email address you're trying to use and a screenshot of any error, but **never** send your password.`,
          comments: [
            {
              author: 'hannah-b',
              body: 'The "Nothing happens" section saved me — it was a privacy extension blocking the login popup. Thank you!',
              upvotes: 10,
            },
            {
              author: 'aiko_t',
              body: "I'm locked out after too many attempts and my shift starts in 10 minutes. Is there any way to unlock faster?",
              upvotes: 4,
              replies: [
                {
                  author: 'agent',
                  body: "The lock clears after 15 minutes and we can't lift it early for security reasons. Your scheduler can see your shifts, and you can clock in retroactively once you're back in — clock-ins can be adjusted by schedulers if needed.",
                  upvotes: 7,
                  downvotes: 1,
                  replies: [
                    {
                      author: 'aiko_t',
                      body: 'Ok, got in after the wait. My manager fixed the clock-in. Thanks.',
                      upvotes: 2,
                    },
                  ],
                },
              ],
            },
            {
              author: 'marcus77',
              body: "2SV codes from my authenticator are always rejected, even though the phone time looks right.",
              upvotes: 5,
              replies: [
                {
                  author: 'ben-support',
                  body: "Looking *right* and being *exact* can differ by a minute or two, which is enough. On Android, open Google Authenticator → **Settings → Time correction for codes → Sync now**. On iPhone, toggle **Settings → General → Date & Time → Set Automatically** off and on again.",
                  upvotes: 13,
                  replies: [
                    {
                      author: 'marcus77',
                      body: 'Time correction did it. Phone was 40 seconds off. Thanks a lot.',
                      upvotes: 4,
                      replies: [
                        {
                          author: 'chen_wei',
                          body: 'Same problem here last year with a phone that had been in airplane mode for a week. Good to know the fix.',
                          upvotes: 3,
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            {
              author: 'priya_nair',
              body: "Please add a \"show password\" toggle on the sign-in form — half my failed attempts are typos.",
              upvotes: 9,
              downvotes: 1,
              replies: [
                {
                  author: 'moderator',
                  body: 'Thanks Priya. There is an open idea for this in the community ideas board; feel free to upvote it there so the product team sees the demand.',
                  upvotes: 3,
                },
              ],
            },
          ],
        },
        {
          slug: 'notifications-not-arriving',
          title: "Notifications aren't arriving",
          labels: ['notifications', 'troubleshooting', 'mobile'],
          helpful: 15,
          notHelpful: 7,
          body: `If you're missing Fernwork notifications, the cause is usually a setting in Fernwork, your device or your email system. Check these in order.

## 1. Check Fernwork settings

- Open **Profile → Notifications** and make sure the channel you expect (push, email, Slack) is ticked for that event.
- Check you haven't **paused notifications**. When paused, a bell with a slash appears next to your avatar.
- Check your [working hours](/articles/set-your-time-zone-and-working-hours). Notifications outside those hours are held until your next working block.
- If the notification is about a project, check the project isn't **muted** (**⋯ → Notification level**).

## 2. Push notifications on mobile

**iPhone and iPad**

1. Open **Settings → Notifications → Fernwork** and turn on **Allow notifications**.
2. Turn off any **Focus** modes that silence Fernwork, or add Fernwork as an allowed app.

**Android**

1. Open **Settings → Apps → Fernwork → Notifications** and enable them.
2. Under **Battery**, set Fernwork to **Unrestricted**. Aggressive battery saving on some phones stops notifications from arriving until you open the app.

Then, in the Fernwork app, go to **Settings → Notifications → Send test notification**.

## 3. Desktop notifications

- **Windows:** Settings → System → Notifications → Fernwork must be on. Check *Do not disturb* is off.
- **macOS:** System Settings → Notifications → Fernwork → Allow notifications.
- **Browser:** click the padlock in the address bar and allow notifications for Fernwork.

## 4. Email

Search for \`fernwork.example\` in your spam and quarantine folders and mark messages as *not spam*. If you're on a company email system, ask IT to allow our sending domain.

## 5. Still missing?

Sign out of the mobile app and back in; this re-registers your device for push. If notifications still don't arrive, contact support with your device model, OS version and the Fernwork app version (**Settings → About**).`,
        },
        {
          slug: 'calendar-sync-is-delayed-or-duplicated',
          title: 'Calendar sync is delayed or shows duplicates',
          labels: ['calendar', 'troubleshooting', 'integrations'],
          helpful: 12,
          notHelpful: 5,
          body: `If your Fernwork shifts or tasks aren't showing up correctly in Google Calendar or Outlook, here's how to fix the most common problems.

## Events are missing or late

**Two-way connection (Google or Microsoft):** changes normally appear within five minutes. If they don't:

1. Open **Profile → Calendar sync** and check the status. A yellow **Reconnect** badge means your calendar provider revoked access, often after a password change. Click it and sign in again.
2. Check that the items you expect are ticked, for example *My shifts*.
3. Only **published** shifts are synced. Draft shifts aren't sent to your calendar.

**iCal feed:** your calendar app decides how often to check for updates, and some only refresh every 12 to 24 hours. Switch to the two-way connection if you need faster updates, or adjust the refresh interval in your calendar app if it allows.

## Every event appears twice

This happens when the same shifts reach your calendar in two ways, usually both the two-way connection **and** an old iCal subscription.

1. In your calendar app, look at the list of calendars. If you see both **Fernwork** and a subscribed calendar with a Fernwork URL, remove the subscribed one.
2. If a teammate shares their Fernwork calendar with you, you'll see their shifts as well as yours. Hide their calendar if you don't need it.

## Times are wrong

- Check the time zone in **Profile → Preferences** matches your calendar app.
- Schedules use their own time zone. A shift at 09:00 in a London schedule shows as 10:00 in a Paris calendar, which is correct.

## Start fresh

If things still look wrong, click **Disconnect** in **Profile → Calendar sync**, wait five minutes for Fernwork to remove its events, then connect again. This rebuilds the calendar from scratch and fixes nearly all remaining issues.`,
        },
        {
          slug: 'fix-slow-loading-boards',
          title: 'Boards and schedules are slow to load',
          labels: ['performance', 'troubleshooting'],
          helpful: 11,
          notHelpful: 4,
          body: `Fernwork should feel fast. If a board, list or schedule is taking more than a few seconds to load, try these steps.

## Check the status page

First, check the Fernwork status page for ongoing incidents. If there's a known issue, you don't need to do anything else; we'll post updates until it's resolved.

## Reduce what's on screen

Most slowness comes from showing a very large amount of data at once.

- **Archive finished work.** Boards with thousands of completed tasks in the *Done* column are slower. Use **⋯ → Archive completed tasks older than 30 days**.
- **Filter the view.** Add a filter such as *Due in the next 30 days* or *Assignee is me*, and save it as a view.
- **Collapse groups** you don't need in list view.
- **Hide custom fields** that aren't needed as columns.
- **Shorter date ranges** on schedules: a four-week view with 200 staff loads far more data than a one-week view.

## Check your browser

1. Update your browser to the latest version.
2. Try a private window. If it's faster there, a browser extension is probably slowing things down.
3. Close tabs you don't need. Each Fernwork tab keeps a live connection open.
4. Make sure hardware acceleration is turned on in your browser settings.

## Check your network

Fernwork needs WebSocket connections to \`*.fernwork.example\` on port 443. Corporate proxies and VPNs sometimes block or slow these, which makes the app fall back to slower polling. You'll see a small **Limited connection** icon in the bottom bar when this happens. Share this article with your IT team if so.

## Tell us

If a board is still slow, press \`Ctrl\` + \`Shift\` + \`D\` (\`Cmd\` + \`Shift\` + \`D\` on Mac) to copy diagnostic information, then paste it into a support request along with the link to the slow page.`,
        },
        {
          slug: 'contact-fernwork-support',
          title: 'How to contact Fernwork Support',
          labels: ['support', 'contact'],
          helpful: 17,
          notHelpful: 3,
          body: `Most questions are answered in this help center or by the community. When you need a person, our support team is happy to help.

## Ways to reach us

| Channel | Available on | Response time |
| --- | --- | --- |
| Community forum | All plans | Usually within a day, from other customers and our moderators |
| Email ticket | Team and above | Within one business day |
| Live chat | Business and above | Minutes, Monday–Friday, 07:00–19:00 UK time |
| Dedicated manager | Enterprise | As agreed in your contract |

To open a ticket, click **?** in the bottom-left corner of the app and choose **Contact support**. Tickets opened from inside the app include useful details such as your workspace and browser version automatically.

## What we can help with

- Problems signing in or accessing your workspace.
- Something not working as described in our articles.
- Billing, invoices and plan changes.
- Setting up SSO, SCIM and integrations.
- Importing data from another tool.

## What we can't help with

- **Building your schedules or projects for you.** We're happy to explain features, but we can't design your rota or workflow. Our templates and community are great places for ideas.
- **Legal or HR advice,** such as which labour rules apply to your business.
- **Third-party tools,** beyond how they connect to Fernwork.
- **Account changes requested by someone who isn't an admin.** For security, we only act on requests from workspace admins.

## Help us help you

Include:

1. what you were trying to do;
2. what happened instead, with the exact error message or a screenshot;
3. a link to the affected project, task or schedule;
4. when it happened, and whether it happens every time.

Please don't post account-specific details in public comments on help center articles. We may remove comments that include personal information.`,
        },
      ],
    },
  ],
};
