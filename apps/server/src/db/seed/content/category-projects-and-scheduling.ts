import type { SeedCategory } from './types.js';

export const projectsAndScheduling: SeedCategory = {
  slug: 'projects-and-scheduling',
  name: 'Projects & Scheduling',
  description:
    'Plan work on boards, build shift schedules and connect Fernwork to the tools you already use.',
  sections: [
    // ------------------------------------------------------------------
    {
      slug: 'boards-and-tasks',
      name: 'Boards & tasks',
      description: 'Create projects, organize tasks and keep work moving.',
      articles: [
        {
          slug: 'create-your-first-project',
          title: 'Create your first project',
          labels: ['projects', 'onboarding', 'tasks'],
          promoted: true,
          helpful: 29,
          notHelpful: 2,
          body: `Projects are where your team plans and tracks work. Each project has tasks, and you can look at those tasks as a board, a list, a calendar or a timeline.

## Create the project

1. In the sidebar, hover over a team and click **+ New project**.
2. Give the project a name and, optionally, an emoji and colour so it's easy to spot.
3. Choose a starting point:
   - **Blank** – three columns: *To do*, *In progress*, *Done*.
   - **Template** – ready-made setups for product launches, content calendars, bug tracking, onboarding and more.
   - **Import** – bring tasks in from a CSV file. See [Import tasks from a CSV file](/articles/import-tasks-from-csv).
4. Set the visibility (*Open*, *Team only* or *Private*) and click **Create**.

## Add tasks

- Click **+ Add task** at the bottom of any column, type a title and press \`Enter\`. Keep typing to add the next one.
- Paste a list of lines into the add-task box to create one task per line.
- Press \`C\` from anywhere in the project.

Open a task to add a description, assignee, due date, labels, attachments and subtasks.

## Choose a view

| View | Use it to… |
| --- | --- |
| **Board** | Move work through stages by dragging cards |
| **List** | Sort, filter and edit many tasks quickly |
| **Calendar** | See what's due on which day |
| **Timeline** | Plan dates and dependencies on a Gantt chart |

Views are shared with everyone in the project. Create a personal view from **Views → + New view → Only me** if you want your own filters.

## Invite people

Click **Share** in the top-right corner of the project and add people or whole teams. Remember that guests only see projects you explicitly add them to.

## Next steps

- Link tasks that depend on each other: [Task dependencies](/articles/task-dependencies-and-blocked-tasks).
- Track extra information with [custom fields](/articles/custom-fields-on-tasks).`,
        },
        {
          slug: 'task-dependencies-and-blocked-tasks',
          title: 'Task dependencies and blocked tasks',
          labels: ['tasks', 'timeline', 'planning'],
          helpful: 19,
          notHelpful: 4,
          body: `Dependencies let you say that one task can't start (or finish) until another one is done. Fernwork uses them to warn you about conflicts and to shift dates automatically.

## Dependency types

| Type | Meaning | Example |
| --- | --- | --- |
| **Finish → Start** | B can start once A is finished | *Write copy* → *Design landing page* |
| **Start → Start** | B can start once A has started | *Recording* → *Editing* |
| **Finish → Finish** | B can finish once A is finished | *Testing* → *Release notes* |

Finish → Start is the default and covers most situations.

## Add a dependency

**From a task:** open the task, click **Dependencies → Add**, choose **Blocked by** or **Blocking**, and select the other task. It can be in any project you have access to.

**On the timeline:** hover over a task bar, then drag the small circle on its right edge onto another task.

## What happens when a task is blocked

- The task shows a red **Blocked** badge on boards and lists.
- The assignee is notified when all the tasks blocking it are complete.
- If you try to move a blocked task to a *Done* column, Fernwork asks you to confirm.

## Auto-scheduling

In the timeline view, turn on **Auto-schedule dependent tasks** from the view settings. When a task's dates move, everything depending on it moves by the same amount, keeping the gaps between them. Weekends and [workspace holidays](/articles/request-and-approve-time-off) are skipped.

Auto-scheduling never moves a task *earlier* than its current start date, and it never changes tasks that are already complete.

## Find circular dependencies

If A waits on B and B waits on A, neither can ever start. Fernwork refuses to create a direct loop, but longer chains can still form across projects. Use **Timeline → ⋯ → Check dependencies** to list any loops and fix them.`,
          comments: [
            {
              author: 'ollie_pm',
              body: 'Is lag supported? E.g. "B starts 2 days after A finishes" for things like paint drying or a review period.',
              upvotes: 11,
              replies: [
                {
                  author: 'nadia-support',
                  body: 'Yes! Open the dependency on the timeline (click the connecting line) and set **Lag** in working days. Negative values work too if you want overlap.',
                  upvotes: 14,
                },
              ],
            },
            {
              author: 'chen_wei',
              body: "Auto-schedule moved about 60 tasks when I dragged one bar by accident. Undo worked, but it was scary. Is there a way to preview changes first?",
              upvotes: 15,
              replies: [
                {
                  author: 'ben-support',
                  body: "Hold `Alt` (`Option` on Mac) while dragging and Fernwork shows ghost bars for every task that would move, without applying the change until you release. We're also looking at a confirmation dialog for large shifts.",
                  upvotes: 19,
                  replies: [
                    {
                      author: 'chen_wei',
                      body: "Didn't know about the Alt trick, that should really be in the article. Thanks.",
                      upvotes: 6,
                      replies: [
                        {
                          author: 'moderator',
                          body: 'Agreed — flagged for the docs team.',
                          upvotes: 2,
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            {
              author: 'member',
              body: 'Can a guest see that a task is blocked by something in a project they are not part of?',
              upvotes: 2,
              replies: [
                {
                  author: 'agent',
                  body: "They see the **Blocked** badge, but the blocking task itself shows as *Private task* with no title or details.",
                  upvotes: 4,
                },
              ],
            },
          ],
        },
        {
          slug: 'recurring-tasks',
          title: 'Set up recurring tasks',
          labels: ['tasks', 'automation'],
          helpful: 13,
          notHelpful: 1,
          body: `Recurring tasks are recreated automatically on a schedule, which is ideal for weekly reports, monthly invoicing or daily opening checklists.

## Make a task recurring

1. Open the task and click the due date.
2. Click **Repeat**.
3. Choose a pattern:
   - Daily, weekly, monthly or yearly.
   - Every *n* days or weeks, for example every 2 weeks.
   - Specific weekdays, for example Monday, Wednesday and Friday.
   - Monthly on a weekday, for example the last Friday of each month.
4. Choose when the next copy is created:
   - **On a schedule** – a new task appears on each date, even if the last one isn't finished.
   - **When completed** – the next task appears only after this one is marked complete.
5. Optional: set an end date or a maximum number of repeats.

## What gets copied

Each new occurrence copies the title, description, assignee, labels, custom fields and subtasks. Comments, attachments and time tracked are **not** copied; they stay on the original.

## Edit or stop a series

- To change only one occurrence, edit that task as normal.
- To change all future occurrences, edit the task and choose **Apply to this and future tasks** when prompted.
- To stop the series, open the latest task, click the repeat icon and choose **Stop repeating**.

## Good to know

- Recurring tasks use the project's time zone, so a task due every Monday at 09:00 is always 09:00 in that time zone.
- If a date doesn't exist in a month (such as the 31st), the task is created on the last day of that month.
- Deleting one occurrence doesn't stop the series.`,
        },
        {
          slug: 'custom-fields-on-tasks',
          title: 'Add custom fields to tasks',
          labels: ['tasks', 'custom-fields', 'projects'],
          helpful: 15,
          notHelpful: 3,
          body: `Custom fields let you track information that's specific to your work, such as priority, budget, customer name or story points.

## Field types

| Type | Good for |
| --- | --- |
| **Single select** | Priority, status, T-shirt size |
| **Multi select** | Platforms, departments |
| **Number** | Budget, estimate, story points |
| **Date** | Launch date, contract renewal |
| **Text** | Short notes, reference numbers |
| **Person** | Reviewer, approver |
| **URL** | Links to documents or tickets |
| **Checkbox** | Yes/no flags such as *Needs legal review* |

## Add a field to a project

1. Open the project and switch to **List** view.
2. Click **+** at the end of the column headers.
3. Choose a field type and enter a name.
4. For select fields, add options and pick a colour for each.
5. Click **Create field**.

The field now appears on every task in the project and as a column in list view.

## Share fields across projects

Fields created in a project belong to that project. To reuse a field, open **Team settings → Custom fields** and click **Promote to team field**. Any project owned by the team can then add it, and values can be compared across projects in reports.

Workspace admins on the Business plan and above can create **workspace fields** available everywhere.

## Use fields in filters and automations

- Filter a view by any field, for example *Priority is High* and *Budget > 5,000*.
- Group a board by a single-select field instead of by column.
- Trigger [automation flows](/articles/automation-flows-overview) when a field changes.

## Limits

Each project can have up to 50 custom fields, and each select field up to 100 options.`,
        },
        {
          slug: 'import-tasks-from-csv',
          title: 'Import tasks from a CSV file',
          labels: ['import', 'tasks', 'migration'],
          helpful: 21,
          notHelpful: 7,
          body: `Moving from a spreadsheet or another tool? You can bring tasks into Fernwork with a CSV file.

## Prepare your file

Your file needs a header row and at least a \`title\` column. Fernwork recognizes these column names automatically:

| Column | Notes |
| --- | --- |
| \`title\` | Required |
| \`description\` | Plain text or markdown |
| \`assignee\` | Email address of a workspace member |
| \`due_date\` | \`YYYY-MM-DD\` or \`YYYY-MM-DD HH:MM\` |
| \`column\` | Board column; created if it doesn't exist |
| \`labels\` | Separate several labels with semicolons |
| \`parent\` | Title of the parent task, to create subtasks |

Other columns can be mapped to [custom fields](/articles/custom-fields-on-tasks) during import.

Here's a small example:

\`\`\`csv
title,description,assignee,due_date,column,labels
Draft press release,First version for review,ana@northwind.example,2024-05-06,In progress,launch;marketing
Book venue,,raj@northwind.example,2024-05-10,To do,launch
Order banners,Two roll-ups,,2024-05-15,To do,launch;print
\`\`\`

## Import the file

1. Open the project, click **⋯ → Import → CSV**.
2. Upload the file (up to 10 MB or 20,000 rows).
3. Check the column mapping. Unrecognized columns are skipped unless you map them.
4. Review the preview of the first 20 rows and click **Import**.

Large imports run in the background; you'll get a notification when they're done.

## Common problems

- **Strange characters** such as \`Ã©\` instead of \`é\`: save the file as *CSV UTF-8*. In Excel, choose **File → Save As → CSV UTF-8 (Comma delimited)**.
- **Assignees not set:** the email must belong to someone already in the workspace. Invite them first, then re-run the import.
- **Dates off by a day:** dates without a time are treated as midnight in the project's time zone. Add a time if you need precision.

If an import goes wrong, use **⋯ → Import history → Undo import** within 24 hours to remove every task it created.`,
          comments: [
            {
              author: 'rafael-ops',
              body: "Tried importing an export from our old tool and got `Row 412: invalid date`. The date looks fine: `05/06/2024`.",
              upvotes: 7,
              replies: [
                {
                  author: 'ben-support',
                  body: "That format is ambiguous (5 June or 6 May?), so the importer rejects it. You can either convert the column to `YYYY-MM-DD`, or pick the source format in the mapping step — click the date column and choose **Day/Month/Year** or **Month/Day/Year**. If you'd rather fix the file, this one-liner works on Linux/macOS for a file with the date in column 4:\n\n```bash\nawk -F, 'BEGIN{OFS=\",\"} NR>1 {split($4,d,\"/\"); $4=d[3]\"-\"d[2]\"-\"d[1]} 1' tasks.csv > tasks-fixed.csv\n```\n\n(That assumes day/month/year and no commas inside quoted fields.)",
                  upvotes: 13,
                  replies: [
                    {
                      author: 'rafael-ops',
                      body: 'Picking the format in the mapping step was all I needed. Missed that completely. Cheers.',
                      upvotes: 3,
                    },
                  ],
                },
              ],
            },
            {
              author: 'svlindqvist',
              body: 'Is there an importer for Trello or Asana JSON exports, or only CSV?',
              upvotes: 10,
              replies: [
                {
                  author: 'agent',
                  body: "We have direct importers for several tools under **⋯ → Import**. They bring across comments and attachments too, which CSV can't do. The list of supported sources is shown in the import dialog.",
                  upvotes: 8,
                },
              ],
            },
            {
              author: 'aiko_t',
              body: "Tip for anyone using Google Sheets: **File → Download → CSV** already uses UTF-8, so you don't get the weird characters problem that Excel causes.",
              upvotes: 12,
            },
            {
              author: 'marcus77',
              body: "20,000 rows is quite low for us. We have ~60k historic tickets.",
              upvotes: 4,
              downvotes: 1,
              replies: [
                {
                  author: 'dmwright',
                  body: 'We just split ours into three files, worked fine. Though honestly, do you need 60k closed tickets in a planning tool? We archived most of ours.',
                  upvotes: 6,
                  downvotes: 2,
                },
              ],
            },
          ],
        },
      ],
    },
    // ------------------------------------------------------------------
    {
      slug: 'shifts-and-calendars',
      name: 'Shifts & calendars',
      description: 'Build rotas, manage time off and swaps, and sync with your calendar.',
      articles: [
        {
          slug: 'build-a-shift-schedule',
          title: 'Build a shift schedule',
          labels: ['scheduling', 'shifts', 'onboarding'],
          promoted: true,
          helpful: 33,
          notHelpful: 4,
          body: `Fernwork schedules show who is working when, across one or more locations. This guide covers building your first weekly rota and publishing it to your team.

## 1. Create the schedule

1. In the sidebar, hover over a team and choose **+ New schedule**.
2. Enter a name, for example *Front desk* or *Support – EMEA*.
3. Choose the time zone and the day your week starts.
4. Add the people who will be scheduled. They need the **Staff** role on the schedule.

## 2. Define positions (optional)

Positions describe what someone does during a shift, such as *Cashier*, *Supervisor* or *Phones*. Go to **Schedule settings → Positions** and add them with a colour. Staff can be qualified for several positions.

## 3. Add shifts

- **Click** an empty cell to add a shift for that person and day.
- **Drag** across several cells to add the same shift to multiple days.
- Use **shift templates** for times you use often, such as *Early 06:00–14:00*. Create them from **Schedule settings → Templates**.
- Leave a shift **unassigned** to publish it as an open shift that qualified staff can claim.

The totals row at the bottom shows hours and estimated labour cost per day.

## 4. Check for conflicts

Fernwork highlights:

- overlapping shifts for the same person;
- shifts during approved time off;
- people going over their maximum weekly hours;
- too little rest between shifts.

Click a warning to see the details. Warnings don't stop you from publishing.

## 5. Publish

Shifts stay in **draft** (shown striped) until you click **Publish**. Staff are notified only about shifts that are new or changed since the last publish. You can publish a single week or a range.

## Copy a previous week

Click **Copy week**, choose the source week and decide whether to include assignments or just the shift times. This is the quickest way to build a regular rota.`,
          comments: [
            {
              author: 'jo_okafor',
              body: 'We run a café with split shifts (e.g. 07:00–11:00 then 16:00–20:00). Do I add two separate shifts for the same person on one day?',
              upvotes: 8,
              replies: [
                {
                  author: 'nadia-support',
                  body: 'Yes, two shifts on the same day is the way to do it. The total hours and rest-time checks account for both. You can save the pair as a **template group** so you can add them together with one click.',
                  upvotes: 10,
                  replies: [
                    {
                      author: 'jo_okafor',
                      body: "Template groups are a life saver. Thank you!",
                      upvotes: 2,
                    },
                  ],
                },
              ],
            },
            {
              author: 'hannah-b',
              body: "The labour cost estimate is always zero for me.",
              upvotes: 3,
              replies: [
                {
                  author: 'ben-support',
                  body: "Costs need an hourly rate. Set a default under **Schedule settings → Pay rates**, or per person on their staff profile. Only schedulers and observers can see these numbers.",
                  upvotes: 7,
                  replies: [
                    {
                      author: 'hannah-b',
                      body: 'Found it, thanks. It might help to show a hint where the zero is.',
                      upvotes: 4,
                    },
                  ],
                },
              ],
            },
            {
              author: 'tomasz-k',
              body: "Open shifts are great, but the same two people claim everything within seconds of publishing. Any way to make it fairer?",
              upvotes: 16,
              replies: [
                {
                  author: 'agent',
                  body: "Under **Schedule settings → Open shifts** you can switch from *first come, first served* to **Request and approve**, so you choose from everyone who asked. You can also cap open-shift claims per person per week.",
                  upvotes: 14,
                },
                {
                  author: 'gabi-rocha',
                  body: "We use request-and-approve and also publish open shifts at a fixed time (Thursday 12:00) so everyone knows when to look. Cut complaints a lot.",
                  upvotes: 9,
                },
              ],
            },
            {
              author: 'priya_nair',
              body: 'Really clear guide, got our first rota out in under an hour.',
              upvotes: 5,
            },
          ],
        },
        {
          slug: 'sync-with-google-or-outlook-calendar',
          title: 'Sync with Google Calendar or Outlook',
          labels: ['calendar', 'integrations', 'scheduling'],
          helpful: 17,
          notHelpful: 8,
          body: `Show your Fernwork shifts and task due dates in the calendar app you already use, and let Fernwork know when you're busy.

## Two kinds of sync

| | One-way feed (iCal) | Two-way connection |
| --- | --- | --- |
| Works with | Any calendar app | Google Calendar, Outlook / Microsoft 365 |
| Shows shifts and due dates | ✓ | ✓ |
| Sends your busy times to Fernwork | – | ✓ |
| Update frequency | Controlled by your calendar app (often hours) | Within a few minutes |

## Connect Google Calendar or Outlook

1. Open **Profile → Calendar sync**.
2. Click **Connect Google** or **Connect Microsoft** and sign in.
3. Choose what to add to your calendar: *My shifts*, *Tasks assigned to me with a due date*, or both.
4. Choose which of your calendars Fernwork should check for busy times.
5. Click **Save**.

Fernwork creates a separate calendar called **Fernwork** so your events are easy to hide or remove.

Busy times appear as grey blocks for schedulers when they build rotas. Only the *free/busy* status is shared, never the title or details of your events.

## Subscribe with an iCal feed

For Apple Calendar, Thunderbird or other apps:

1. In **Profile → Calendar sync**, click **Copy iCal link**.
2. In your calendar app, add a calendar *from URL* or *by subscription* and paste the link.

The link is private; anyone who has it can see your shifts. Click **Reset link** if you shared it by mistake.

## Disconnect

Click **Disconnect** in the same page. The Fernwork calendar is removed from your account within a few minutes.

Having trouble? See [Calendar sync is delayed or shows duplicates](/articles/calendar-sync-is-delayed-or-duplicated).`,
          comments: [
            {
              author: 'gabi-rocha',
              body: 'Our Google Workspace admin blocks third-party apps by default. What do they need to allow?',
              upvotes: 9,
              replies: [
                {
                  author: 'ben-support',
                  body: "They need to mark the **Fernwork Calendar Sync** app as trusted in the Google Admin console under *Security → API controls → App access control*. We have a step-by-step guide for Google admins here: [Allow Fernwork in Google Workspace](https://docs.fernwork.example/admin/google-workspace-app-access). The scopes we request are read-only free/busy on your calendars and write access to the Fernwork calendar only.",
                  upvotes: 12,
                  replies: [
                    {
                      author: 'gabi-rocha',
                      body: 'Sent that to IT and it was approved the same day. Thanks!',
                      upvotes: 3,
                    },
                  ],
                },
              ],
            },
            {
              author: 'chen_wei',
              body: "The iCal feed in Apple Calendar only updates once a day for me, which makes it useless for last-minute shift changes.",
              upvotes: 11,
              replies: [
                {
                  author: 'nadia-support',
                  body: "Apple Calendar lets you change that per subscription: right-click the calendar → **Get Info** → **Auto-refresh: Every 5 minutes**. On iPhone subscriptions follow the system fetch setting in *Settings → Calendar → Accounts → Fetch New Data*.",
                  upvotes: 15,
                  replies: [
                    {
                      author: 'chen_wei',
                      body: 'That fixed it on the Mac. iPhone is still slow, but push notifications cover that.',
                      upvotes: 4,
                    },
                  ],
                },
              ],
            },
            {
              author: 'dmwright',
              body: "Feature request: please let me choose which calendar the shifts go into instead of always creating a new one. I want them in my main calendar so my partner sees them.",
              upvotes: 20,
              downvotes: 3,
              replies: [
                {
                  author: 'svlindqvist',
                  body: "Not sure I agree — having a separate calendar means you can remove everything in one click if you leave. Can't you just share the Fernwork calendar with your partner?",
                  upvotes: 8,
                  replies: [
                    {
                      author: 'dmwright',
                      body: 'Good shout, I can share it directly from Google. Still think the option would be nice, but that solves my problem.',
                      upvotes: 5,
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          slug: 'request-and-approve-time-off',
          title: 'Request and approve time off',
          labels: ['time-off', 'scheduling'],
          helpful: 18,
          notHelpful: 2,
          body: `Fernwork keeps time off in the same place as your schedules, so schedulers can see who's away before they build a rota.

## Request time off (staff)

1. Go to **My schedule → Time off** and click **Request time off**. On mobile, tap **+** on the schedule tab.
2. Choose the type, such as *Annual leave*, *Sick*, or *Unpaid*.
3. Pick the dates. For part days, turn on **Partial day** and set the hours.
4. Add a note if needed and click **Submit**.

You'll be notified when your request is approved or declined. Pending requests can be edited or cancelled at any time.

## Approve or decline (schedulers)

Requests waiting for you appear in **Inbox → Approvals** and as an orange badge in the schedule. For each request you can see:

- how many other people are off on the same days;
- any shifts the person is already scheduled for;
- their remaining allowance, if allowances are set up.

Click **Approve** or **Decline**, optionally with a message. When you approve a request that overlaps existing shifts, Fernwork offers to unassign those shifts and turn them into open shifts.

## Set up time-off types and allowances

Admins and team leads can customize this under **Team settings → Time off**:

- Add or rename time-off types and choose whether each one is paid.
- Set yearly allowances in days or hours, with an optional carry-over limit.
- Choose who approves: any scheduler, specific people, or automatic approval for certain types.

## Public holidays

Under **Admin → Holidays**, choose a country or region to import its public holidays, or add your own company closures. Holidays show on every schedule and are skipped by auto-scheduling.`,
        },
        {
          slug: 'swap-shifts-with-a-teammate',
          title: 'Swap or give away a shift',
          labels: ['shifts', 'scheduling', 'mobile'],
          helpful: 14,
          notHelpful: 2,
          body: `Can't make a shift? Fernwork lets you swap with a teammate or offer the shift to anyone who can cover it, without a flurry of group messages.

## Swap a shift

1. Open the shift from **My schedule** and tap **Swap**.
2. Fernwork lists teammates who are qualified for the position and aren't already working or on leave.
3. Choose the shift of theirs you'd like in exchange.
4. Add a note and send the request.

Your teammate gets a notification and can accept or decline. If your schedule requires approval, a scheduler then confirms the swap.

## Give away a shift

If you don't need a shift in return:

1. Open the shift and tap **Offer shift**.
2. Choose whether to offer it to everyone qualified or to specific people.
3. The first person to accept takes it (subject to scheduler approval, if required).

Until someone accepts, you're still responsible for the shift.

## Rules schedulers can set

In **Schedule settings → Swaps**, schedulers can choose:

- whether swaps and offers need approval;
- how close to the start time people can still request a swap, for example no later than 24 hours before;
- whether swaps can put someone over their maximum weekly hours.

## Check the status

All your requests are listed in **My schedule → Requests** with one of these statuses:

- **Waiting for teammate**
- **Waiting for approval**
- **Completed**
- **Declined** or **Expired** – requests expire automatically when the shift starts.

Cancel a pending request at any time from the same list.`,
        },
        {
          slug: 'handle-overtime-and-break-rules',
          title: 'Overtime and break rules',
          labels: ['scheduling', 'compliance', 'shifts'],
          status: 'DRAFT',
          helpful: 0,
          notHelpful: 0,
          body: `Labour rules differ by country, region and contract. Fernwork can warn schedulers before they publish a rota that would break them.

> **Note:** Fernwork highlights possible problems, but it isn't legal advice. Check the rules that apply to your business.

## Rule types

| Rule | Example setting | Warning shown when… |
| --- | --- | --- |
| Maximum hours per day | 10 h | A person's shifts on one day exceed the limit |
| Maximum hours per week | 48 h | Scheduled hours in a week exceed the limit |
| Minimum rest between shifts | 11 h | Two shifts are too close together |
| Maximum consecutive days | 6 days | Someone is scheduled too many days in a row |
| Required break | 30 min after 6 h | A long shift has no break |
| Overtime threshold | 40 h/week | Hours above this are counted as overtime |

## Set up rules

1. Open **Team settings → Labour rules**.
2. Choose a **preset** for your region to fill in common values, or start from scratch.
3. Adjust each rule and choose whether it's a **warning** or a **block**. Blocking rules stop a schedule from being published until the problem is fixed.
4. Click **Save**. Rules apply to every schedule owned by the team.

## Per-person overrides

Some people have different contracts, such as under-18s or part-time staff. Open their staff profile and add an **override** for any rule.

## Breaks

Breaks can be added automatically to shifts longer than a set length, or manually from the shift editor. Paid and unpaid breaks are shown separately in timesheets.

## Overtime in reports

The **Hours** report splits scheduled and worked time into regular and overtime hours using your threshold.

> **Editor's note:** waiting on final preset list from legal; do not publish the EU presets section until reviewed.`,
        },
      ],
    },
    // ------------------------------------------------------------------
    {
      slug: 'automations-and-integrations',
      name: 'Automations & integrations',
      description: 'Automate repetitive work and connect Fernwork to other tools.',
      articles: [
        {
          slug: 'automation-flows-overview',
          title: 'Automation flows overview',
          labels: ['automation', 'flows'],
          helpful: 20,
          notHelpful: 3,
          body: `Flows automate the small, repetitive steps that slow teams down: moving tasks, assigning people, posting reminders and more. Each flow is a simple *when this happens, do that* rule.

## Anatomy of a flow

- **Trigger** – the event that starts the flow, such as *task created*, *due date approaching*, *field changed* or *shift published*.
- **Conditions** (optional) – filters that must be true, for example *label is "urgent"* or *assignee is empty*.
- **Actions** – one or more things Fernwork does, such as *assign to*, *move to column*, *add comment*, *send notification* or *call webhook*.

## Create a flow

1. Open a project or schedule and click **Automate** in the toolbar.
2. Pick a ready-made recipe, or click **+ New flow**.
3. Choose the trigger, add conditions, then add actions.
4. Give the flow a name and click **Turn on**.

## Popular recipes

- When a task moves to **Done**, mark it complete and clear its due date.
- When a task is created with label *bug*, assign it to the on-call person from the *Support* schedule.
- Two days before a due date, post a reminder comment mentioning the assignee.
- When a shift becomes open, notify everyone qualified for that position.

## Limits by plan

| Plan | Flows per project | Runs per month |
| --- | --- | --- |
| Free | 3 | 250 |
| Team | 25 | 5,000 |
| Business | Unlimited | 50,000 |
| Enterprise | Unlimited | Custom |

## Debug a flow

Every flow has a **Run history** showing when it ran, whether conditions matched and what each action did. Failed runs are highlighted in red with the error message. Flows that fail ten times in a row are paused automatically and the creator is notified.`,
        },
        {
          slug: 'connect-fernwork-to-slack',
          title: 'Connect Fernwork to Slack',
          labels: ['slack', 'integrations', 'notifications'],
          helpful: 23,
          notHelpful: 5,
          body: `With the Slack integration you can get Fernwork notifications in Slack, create tasks from messages, and post project updates to channels.

## Install the app

You need to be a Fernwork admin, and your Slack workspace must allow app installs.

1. In Fernwork, go to **Admin → Integrations → Slack** and click **Connect**.
2. Choose the Slack workspace and click **Allow**.
3. Each person then links their own account the first time they use Fernwork in Slack, or from **Profile → Integrations**.

## Personal notifications

Once your account is linked, open **Profile → Notifications** and tick **Slack** for the events you want. They arrive as direct messages from the Fernwork app, with buttons to complete tasks, reply to comments or accept shift swaps without leaving Slack.

## Channel updates

Send activity from a project or schedule to a Slack channel:

1. In the project, click **⋯ → Integrations → Slack**.
2. Choose the channel and the events, such as *task completed* or *status update posted*.

For private channels, invite the app first by typing \`/invite @Fernwork\` in the channel.

## Slash commands

| Command | What it does |
| --- | --- |
| \`/fernwork task Fix login bug\` | Creates a task in your default project |
| \`/fernwork shifts\` | Shows your next five shifts |
| \`/fernwork whoson\` | Lists who's working right now |
| \`/fernwork link\` | Links your Slack and Fernwork accounts |

## Create a task from a message

Hover over any Slack message, click **⋯ → More actions → Create Fernwork task**. The message text becomes the task description with a link back to Slack.

## Uninstall

Admins can disconnect Slack from **Admin → Integrations → Slack → Disconnect**. Individual people can unlink their account from their profile.`,
          comments: [
            {
              author: 'rafael-ops',
              body: '`/fernwork task` always goes to my default project. Can I target a different one?',
              upvotes: 12,
              replies: [
                {
                  author: 'agent',
                  body: 'Yes, add `in:` followed by the project name or its short key, e.g.\n\n```\n/fernwork task Replace printer toner in:facilities due:friday @marcus77\n```\n\n`due:` and `@mentions` for the assignee work too.',
                  upvotes: 21,
                  replies: [
                    {
                      author: 'rafael-ops',
                      body: 'This is great. Please put that syntax in the table above!',
                      upvotes: 9,
                    },
                  ],
                },
              ],
            },
            {
              author: 'aiko_t',
              body: "We're on Microsoft Teams, not Slack. Is there an equivalent?",
              upvotes: 7,
              replies: [
                {
                  author: 'nadia-support',
                  body: "Yes, there's a Teams app with personal notifications, channel updates and a message extension for creating tasks. Find it under **Admin → Integrations → Microsoft Teams**. Slash commands aren't available in Teams, but the message extension covers most of the same use.",
                  upvotes: 8,
                },
              ],
            },
            {
              author: 'svlindqvist',
              body: "Accepting a swap from a Slack button didn't work for me — the button just spun and then said \"Something went wrong\".",
              upvotes: 3,
              replies: [
                {
                  author: 'ben-support',
                  body: "Sorry about that. This happens when the swap needs manager approval and your linked account isn't the scheduler. Can you try re-linking with `/fernwork link`? If it still fails, open a ticket and include the time it happened so we can check the logs.",
                  upvotes: 4,
                  replies: [
                    {
                      author: 'svlindqvist',
                      body: 'Re-linking fixed it. I think I had linked my old account.',
                      upvotes: 2,
                    },
                  ],
                },
              ],
            },
            {
              author: 'hannah-b',
              body: 'Thanks, this was easy to set up.',
              upvotes: 1,
            },
          ],
        },
        {
          slug: 'send-events-with-webhooks',
          title: 'Send events to your own systems with webhooks',
          labels: ['webhooks', 'developers', 'api'],
          helpful: 16,
          notHelpful: 2,
          body: `Webhooks let Fernwork tell your systems about changes as they happen, for example to update a data warehouse, post to an internal chat tool or trigger a payroll run when a schedule is published.

## Create a webhook

1. Go to **Admin → Developers → Webhooks** and click **Add endpoint**.
2. Enter an HTTPS URL that can receive \`POST\` requests.
3. Choose the events to send, such as \`task.created\`, \`task.completed\`, \`shift.published\` or \`timeoff.approved\`.
4. Optionally limit the webhook to certain projects or schedules.
5. Click **Create** and copy the **signing secret**. It's only shown once.

## Payload

Each request has a JSON body like this:

\`\`\`json
{
  "id": "evt_8sK2mQ41",
  "type": "task.completed",
  "createdAt": "2024-05-06T14:32:11Z",
  "workspaceId": "ws_41c9",
  "data": {
    "task": { "id": "tsk_93Ha", "title": "Order banners", "projectId": "prj_77" },
    "actor": { "id": "usr_120", "name": "Ana Silva" }
  }
}
\`\`\`

## Verify the signature

Every request includes a \`Fernwork-Signature\` header: an HMAC-SHA256 of the raw request body using your signing secret. Always check it before trusting the payload:

\`\`\`ts
import { createHmac, timingSafeEqual } from 'node:crypto';

export function isValid(rawBody: string, header: string, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
  return timingSafeEqual(Buffer.from(expected), Buffer.from(header));
}
\`\`\`

## Delivery and retries

- Respond with any \`2xx\` status within 10 seconds.
- Failed deliveries are retried up to 8 times over about 24 hours, with increasing delays.
- Events may occasionally arrive more than once or out of order. Use the \`id\` to ignore duplicates and \`createdAt\` to order them.
- After 3 days of continuous failures, the endpoint is disabled and admins are emailed.

The **Deliveries** tab shows the last 30 days of requests, responses and retries, with a **Resend** button for each.`,
          comments: [
            {
              author: 'chen_wei',
              body: "Heads-up for anyone copying the snippet: `timingSafeEqual` throws if the buffers have different lengths, so a malformed header will crash your handler. I wrap it like this:\n\n```ts\nconst a = Buffer.from(expected);\nconst b = Buffer.from(header ?? '');\nreturn a.length === b.length && timingSafeEqual(a, b);\n```",
              upvotes: 24,
              replies: [
                {
                  author: 'ben-support',
                  body: "Good catch, thank you! We'll update the example in the article.",
                  upvotes: 8,
                },
                {
                  author: 'tomasz-k',
                  body: 'Also make sure your framework gives you the *raw* body. Express with `express.json()` re-serialises it and the signature never matches — use `express.raw({ type: "application/json" })` on the webhook route.',
                  upvotes: 17,
                  replies: [
                    {
                      author: 'ollie_pm',
                      body: 'This cost me an afternoon last month. Wish I had read this comment then.',
                      upvotes: 6,
                    },
                  ],
                },
              ],
            },
            {
              author: 'jo_okafor',
              body: 'Is there a way to test a webhook without actually completing tasks?',
              upvotes: 5,
              replies: [
                {
                  author: 'agent',
                  body: "Yes, on the endpoint page click **Send test event** and pick an event type. It sends a sample payload marked with `\"test\": true`.",
                  upvotes: 7,
                },
              ],
            },
            {
              author: 'marcus77',
              body: "Only 10 seconds to respond feels tight when our endpoint queues work in a slow legacy system.",
              upvotes: 2,
              downvotes: 4,
              replies: [
                {
                  author: 'dmwright',
                  body: "You shouldn't do the work inside the request anyway — acknowledge with 200 straight away and process from a queue. 10s is generous compared to most providers.",
                  upvotes: 11,
                },
              ],
            },
          ],
        },
        {
          slug: 'use-the-fernwork-rest-api',
          title: 'Get started with the Fernwork REST API',
          labels: ['api', 'developers'],
          helpful: 12,
          notHelpful: 1,
          body: `The REST API gives you programmatic access to projects, tasks, schedules, shifts and members. Use it to build reports, sync with internal tools, or automate things flows can't do.

## Create an API token

1. Go to **Profile → Developer → Personal access tokens**.
2. Click **Generate token**, give it a name and choose scopes, for example \`tasks:read\` and \`tasks:write\`.
3. Set an expiry date (maximum one year) and copy the token. It's shown only once.

For integrations used by the whole company, an admin can create a **service account** under **Admin → Developers** so the integration doesn't depend on one person's account.

## Make a request

All requests go to \`https://api.fernwork.example/v2\` and must include your token:

\`\`\`bash
curl https://api.fernwork.example/v2/projects \\
  -H "Authorization: Bearer $FERNWORK_TOKEN"
\`\`\`

Create a task:

\`\`\`bash
curl -X POST https://api.fernwork.example/v2/projects/prj_77/tasks \\
  -H "Authorization: Bearer $FERNWORK_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"title": "Restock shelves", "dueDate": "2024-05-10", "assigneeId": "usr_120"}'
\`\`\`

## Pagination

List endpoints return up to 100 items and a \`nextCursor\` value. Pass it as \`?cursor=\` to get the next page. When \`nextCursor\` is \`null\`, you've reached the end.

## Rate limits

| Plan | Requests per minute |
| --- | --- |
| Team | 120 |
| Business | 600 |
| Enterprise | 1,200 (can be raised) |

When you hit the limit, the API responds with \`429 Too Many Requests\` and a \`Retry-After\` header in seconds.

## Errors

Errors return a JSON body with a \`code\` and a human-readable \`message\`. The most common are \`401\` (invalid or expired token), \`403\` (missing scope) and \`404\` (object doesn't exist or you can't see it).`,
        },
        {
          slug: 'github-and-gitlab-integration',
          title: 'Link tasks to GitHub and GitLab',
          labels: ['integrations', 'developers', 'github'],
          helpful: 10,
          notHelpful: 2,
          body: `Connect GitHub or GitLab so engineering work shows up on the tasks it belongs to, and tasks update themselves as code moves through review.

## Connect a repository

1. Go to **Admin → Integrations** and choose **GitHub** or **GitLab**.
2. Authorize Fernwork and choose which organizations or groups to connect.
3. Select the repositories you want to link. You can add more later.

Self-managed GitLab is supported on the Business and Enterprise plans. Enter your instance URL when connecting.

## Link work to a task

Every task has a short ID, such as \`WEB-142\`. Mention it in any of these places and Fernwork links them automatically:

- a branch name, for example \`feature/WEB-142-login-form\`;
- a pull request or merge request title or description;
- a commit message.

Linked branches, pull requests and their status (*open*, *in review*, *merged*, *closed*) appear in the task's **Development** panel.

## Move tasks automatically

In **Project settings → Integrations → GitHub**, you can map events to columns, for example:

- pull request opened → **In review**;
- pull request merged → **Done**;
- pull request closed without merging → back to **In progress**.

You can also use keywords in a pull request description: \`Closes WEB-142\` completes the task when the pull request is merged.

## Privacy

Fernwork only stores titles, links, status and authors. It never reads or stores your source code. People without access to the repository on GitHub or GitLab can see that a pull request is linked, but not its title.

## Disconnect

Removing a repository stops new links but keeps existing ones as plain links on the task.`,
        },
      ],
    },
  ],
};
