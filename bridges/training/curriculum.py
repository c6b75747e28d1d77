# ruff: noqa: E501 (long lines are prose in the materials)
"""The national curriculum for Migrant Community Networkers in England.

Loaded by `manage.py load_curriculum` and by the demo seed (both idempotent). Written in plain
English for volunteers. Facts were checked against the sources named in each module on the date
in LAST_CHECKED; rules change often (the markers "changed in …" say what moved recently), so an
editor must re-check each module against the official page before that date is moved on.

Materials format: blank lines separate paragraphs, "## " starts a heading, "- " a list item.
Nothing here is legal or immigration advice.
"""

from datetime import date

LAST_CHECKED = date(2026, 11, 22)

HOUSING = {
    "slug": "housing",
    "order": 10,
    "title": "Housing: renting, Right to Rent and homelessness",
    "required": False,
    "refresher_months": None,
    "summary": (
        "How renting works in England, the Right to Rent check, tenants' rights under the "
        "Renters' Rights Act 2025, and what the council must do when someone is homeless or "
        "about to be."
    ),
    "learning_outcomes": [
        "Explain what a Right to Rent check is, who it applies to and how people with an eVisa "
        "prove their right to rent.",
        "Describe the main rights of private tenants, including deposit protection and the end "
        "of 'no-fault' evictions from 1 May 2026.",
        "Recognise when someone is threatened with homelessness and help them contact the "
        "council's housing options team early.",
        "Explain that everyone can get free housing advice from the council, even people who "
        "are not eligible for housing help.",
        "Signpost to Shelter, Citizens Advice or a housing solicitor when a case is complex.",
    ],
    "materials": """## Right to Rent
Right to Rent applies in England only. Before a tenancy starts, the landlord or letting agent must check the immigration status of every adult (18 or over) who will live in the home. Some housing is exempt, for example social housing, council-provided accommodation, hostels and refuges.

British and Irish citizens usually show a passport. People with an eVisa give the landlord a share code that starts with R, made in their UKVI account for this purpose. A code made for work (W) will not work for renting. If someone's permission is time-limited, the landlord will check again later.

Landlords must check everyone in the same way. Checking only people who "seem foreign" is unlawful discrimination. If someone has an application pending and cannot show their status, the landlord can ask the Home Office Landlord Checking Service.

## Deposits and fees
- A tenancy deposit is capped at 5 weeks' rent (6 weeks if the rent is £50,000 a year or more), and a holding deposit at 1 week's rent.
- Most other fees are banned.
- The landlord must protect the deposit in a government-approved scheme (DPS, mydeposits or TDS) within 30 days and give the tenant the scheme information. If not, a court can order the landlord to pay up to 3 times the deposit.

## The Renters' Rights Act 2025 (changed 1 May 2026)
From 1 May 2026 section 21 "no-fault" evictions ended. Most private tenancies became rolling (periodic) tenancies, and tenants can leave with 2 months' notice. A landlord who wants the home back must use a legal ground (for example selling or moving in, which needs 4 months' notice and cannot be used in the first 12 months). Rent can go up once a year with a formal notice, which the tenant can challenge at a tribunal. Landlords must not refuse people just because they receive benefits or have children.

Some later parts of the Act (a landlord database, an ombudsman, a Decent Homes Standard) start at dates still to be confirmed: check GOV.UK before talking about them.

## Homelessness
If someone is homeless, or may become homeless within 56 days, they should contact the council's housing options team straight away. Do not wait for an eviction date. For eligible people the council must assess their needs, agree a personal housing plan and take reasonable steps to prevent or relieve homelessness. If the person may be in "priority need" (for example a family with children, or someone who is pregnant or vulnerable), the council must offer interim accommodation.

Eligibility depends on immigration status. Refugees, people with humanitarian protection and most people with indefinite leave are usually eligible. People with No Recourse to Public Funds and asylum seekers are not (asylum seekers get Home Office support instead). EU citizens with pre-settled status need a qualifying right to reside. Everyone, eligible or not, is entitled to free advice and information from the council. Families who are not eligible may still get help from children's services (see the benefits and social care modules).

## What a networker does
- Help the person contact the housing options team early, and go with them if they want.
- Help them keep letters and notices, and write down dates.
- Signpost to Shelter's helpline, Citizens Advice or a housing solicitor (legal aid covers some housing cases).
- Do not tell anyone whether their immigration status makes them eligible: that can be immigration advice. Signpost instead.

Sources to re-check: GOV.UK "Right to rent document checks", the Homelessness Code of Guidance (chapter 7, eligibility), GOV.UK "Guide to the Renters' Rights Act", Shelter England.""",
}

BENEFITS = {
    "slug": "benefits-and-nrpf",
    "order": 20,
    "title": "Benefits and No Recourse to Public Funds (NRPF)",
    "required": False,
    "refresher_months": None,
    "summary": (
        "How to claim Universal Credit, who has No Recourse to Public Funds, what counts as a "
        "public fund and what does not, and the council support available to families and "
        "adults with NRPF."
    ),
    "learning_outcomes": [
        "Describe the steps of a Universal Credit claim, including the 28-day deadline to "
        "submit and the 5-week wait for the first payment.",
        "Explain what No Recourse to Public Funds means and list common public funds and things "
        "that are not public funds.",
        "Recognise that claiming a public fund without entitlement can harm an immigration "
        "application, and signpost to regulated advice before anyone claims.",
        "Explain that councils can support families with a child in need and some adults with "
        "care needs, whatever their immigration status.",
        "Signpost new refugees to claim Universal Credit and contact the council without delay.",
    ],
    "materials": """## Universal Credit
Universal Credit (UC) is claimed online on GOV.UK. The person creates an account and must submit the claim within 28 days, or start again. Couples make a joint claim. They will need a bank or credit union account, an email address and a phone. Identity is checked online or at the Jobcentre, followed by an interview and a Claimant Commitment.

The first payment comes about 5 weeks after the claim. An advance can be requested and is paid back from later payments. People who cannot claim online can ask for help by phone (check the current UC helpline number on GOV.UK).

To get UC a person needs immigration status that allows public funds (for example British or Irish citizenship, indefinite leave, refugee status or humanitarian protection, or EU Settlement Scheme settled status) and must pass the habitual residence test, unless exempt (refugees and people with humanitarian protection are exempt). EU citizens with pre-settled status need another right to reside, for example as a worker: these cases need specialist advice.

New refugees should claim UC as soon as they get their decision. Their decision letter has been accepted while an eVisa is delayed, and DWP can arrange a National Insurance number as part of the claim.

## No Recourse to Public Funds
Most people with temporary permission (work, study and visitor visas, and the early years of many family routes), people without permission and asylum seekers have "No Recourse to Public Funds" (NRPF). It is usually written on their eVisa or decision.

Public funds include:
- Universal Credit, Pension Credit, Child Benefit, Housing Benefit, PIP, Attendance Allowance, Carer's Allowance and the older means-tested benefits;
- council housing and homelessness help;
- Council Tax Reduction and local welfare payments.

These are NOT public funds, so people with NRPF may use them if they meet the other rules:
- the NHS;
- state schools, including free school meals;
- contributory benefits (New Style JSA and ESA), State Pension, Statutory Sick, Maternity and Paternity Pay, Maternity Allowance;
- council tax discounts such as the 25% single-person discount;
- social care support from the council.

Claiming a public fund without entitlement can damage a later immigration application. Mixed households (for example a British partner of someone with NRPF) are complicated. Never tell someone they "can claim": signpost to a regulated adviser or a specialist benefits adviser first.

## Lifting NRPF
Some people (on the family, private life or Hong Kong BN(O) routes) can ask the Home Office to lift the NRPF condition if they are destitute, at risk of destitution, or their child's welfare is at stake. This "change of conditions" application is free. Helping someone make it is immigration advice: refer to a regulated adviser. People who experienced domestic abuse may be able to use the Migrant Victims of Domestic Abuse Concession: refer them too.

## Council support despite NRPF
- Children Act 1989, section 17: the council can give housing and money to a family whose child is "in need", whatever the parents' status. Approach the council where the child lives or goes to school.
- Care Act 2014: the council may have to meet the care and support needs of adults, for example because of illness or disability.
- Some groups are excluded unless support is needed to avoid a breach of human rights. The council's NRPF team decides; the NRPF Network publishes guidance.

Sources to re-check: GOV.UK "Universal Credit: how to claim", GOV.UK "Public funds" guidance (updated October 2024), NRPF Network.""",
}

EMPLOYMENT = {
    "slug": "employment-and-right-to-work",
    "order": 30,
    "title": "Employment and the right to work",
    "required": False,
    "refresher_months": None,
    "summary": (
        "How employers check the right to work with eVisa share codes, how to get a National "
        "Insurance number, basic rights at work, and where to send people facing exploitation."
    ),
    "learning_outcomes": [
        "Explain how a right to work check works, including W share codes and the Employer "
        "Checking Service.",
        "Explain that a National Insurance number is not proof of the right to work, and that "
        "people can start work before they have one.",
        "Help someone apply for a National Insurance number on GOV.UK, and warn against paid "
        "look-alike websites.",
        "Recognise signs of labour exploitation and signpost to the Modern Slavery & "
        "Exploitation Helpline or the police.",
        "Recognise questions about whether a person may work as immigration questions, and "
        "signpost them to a regulated adviser.",
    ],
    "materials": """## Right to work checks
Employers must check that every new worker has the right to work in the UK before they start. People with an eVisa prove it with a share code that starts with W, made in their UKVI account. The employer checks the code with the right to work checking service on GOV.UK. A share code lasts 90 days and works for one purpose only: a code made for renting (R) will not work for a job.

If someone has an application or appeal pending and cannot show their status, the employer can ask the Home Office Employer Checking Service.

Whether a person may work, for how many hours and in what job depends on their immigration permission. Many asylum seekers are not allowed to work, or only in narrow cases. Never tell someone they can or cannot take a job: that is immigration advice. Show them where their conditions are written (their eVisa) and signpost to a regulated adviser if they are unsure.

## National Insurance numbers
- Apply online on GOV.UK ("Apply for a National Insurance number"). It is free. Beware of websites that charge.
- The person must be in the UK, have the right to work, and be working, looking for work or have a job offer.
- People can start work before they have a number, if they can prove their right to work.
- Many people already have one: it may be printed on the back of an old BRP, and young people are usually sent one shortly before 16 if Child Benefit was claimed for them.
- A number is not proof of the right to work.

## Rights at work
Everyone who works has basic rights, such as being paid at least the National Minimum Wage, getting payslips and paid holiday, and working safely. The rates change every April: check GOV.UK. Acas gives free, confidential advice about problems at work.

## Exploitation
Signs include: someone else holds the person's passport or bank card; they owe a debt to the person who found them work; they live where they work; they are paid much less than promised or not at all; they seem afraid to speak. If someone is in danger now, call 999. Otherwise tell your Designated Safeguarding Lead and call the Modern Slavery & Exploitation Helpline on 08000 121 700. Charities and volunteers do not have the legal "duty to notify": the DSL decides the next step with the person.

Sources to re-check: GOV.UK "Apply for a National Insurance number", GOV.UK right to work checks for employers, Acas.""",
}

HEALTH = {
    "slug": "health-and-gp-registration",
    "order": 40,
    "title": "Health and registering with a GP",
    "required": False,
    "refresher_months": None,
    "summary": (
        "Anyone in England can register with a GP for free, without proof of address or "
        "immigration status. This module covers registration, refusals, which NHS care is free "
        "for everyone, and hospital charging."
    ),
    "learning_outcomes": [
        "Explain that anyone in England can register with a GP free of charge, whatever their "
        "immigration status, and that proof of address, ID or an NHS number is not required.",
        "Help someone register with a GP online or in person, including with a temporary address.",
        "Know what to do if a practice refuses registration.",
        "List NHS services that are free for everyone, including A&E, NHS 111 and urgent "
        "maternity care.",
        "Explain hospital charging in simple terms and signpost charging questions to the "
        "Overseas Visitors Manager or Doctors of the World UK.",
    ],
    "materials": """## Registering with a GP
Anyone in England can register with a GP practice and see a GP free of charge. This includes visitors and people with no permission to be in the UK.

No law or GP contract requires proof of identity, proof of address, immigration status or an NHS number to register. Not having them is not a valid reason to refuse. A practice may ask for ID only if it asks everyone, and its policy must say what happens when someone has none.

People who are homeless can register using a temporary address: a friend's address, a day centre, or the practice's own address. Someone staying in an area for more than 24 hours and less than 3 months can register as a temporary patient.

## How to register
- Find practices that cover the person's postcode on the NHS website.
- Register online (many practices use the NHS "Register with a GP surgery" service) or in person with the practice's form.
- Practices must still offer a way to register that is not online.

## If a practice refuses
A practice may refuse only for reasonable reasons, such as the person living outside its area or its list being formally closed. It must give the reason in writing within 14 days. Help the person ask for the written reason, try another practice, and complain to the practice and then the local NHS commissioner (usually the Integrated Care Board). Local Healthwatch and Doctors of the World UK ("Safe Surgeries") can help. A practice must give free emergency or "immediately necessary" treatment for up to 14 days to people in its area it has refused.

## Free for everyone
- GP and other primary care;
- A&E, walk-in centres, urgent treatment centres and minor injuries units (but not care after admission to hospital);
- NHS 111;
- family planning (not abortion);
- diagnosis and treatment of listed infectious diseases (for example TB and HIV) and sexually transmitted infections;
- treatment for conditions caused by torture, FGM, domestic violence or sexual violence.

## Hospital charging
Other hospital care is free for people who are "ordinarily resident" and for many exempt groups, including refugees, asylum seekers with a claim or appeal pending, children looked after by the council, suspected victims of modern slavery, and people who paid the immigration health surcharge while their visa is valid. Others may be charged 150% of the NHS cost.

Urgent or "immediately necessary" treatment, including all maternity care, must never be withheld or delayed because someone cannot pay first. The bill may come afterwards. Never tell anyone they cannot get urgent care. Send charging questions to the hospital's Overseas Visitors Manager and get specialist help (for example Doctors of the World UK) if someone is charged wrongly. An unpaid NHS debt of £500 or more can be reported to the Home Office, so people should get advice early.

Prescription, dental and optical charges apply as to everyone, unless the person is exempt (for example through the NHS Low Income Scheme).

Sources to re-check: GOV.UK "NHS entitlements: migrant health guide", BMA guidance on patient registration, Healthwatch.""",
}

EDUCATION = {
    "slug": "education-and-school-admissions",
    "order": 50,
    "title": "Education, school admissions and English classes",
    "required": False,
    "refresher_months": None,
    "summary": (
        "Every child of school age in England has a right to a state school place. How to apply "
        "in the normal round and mid-year, free school meals, free early years hours, and "
        "finding English (ESOL) classes for adults."
    ),
    "learning_outcomes": [
        "Explain that admission authorities must not refuse a child a school place because of "
        "nationality or immigration status (with narrow exceptions).",
        "Help a family apply for a school place in the normal round or in-year, and know the "
        "15-school-day time limit and the right of appeal.",
        "Explain free school meals, including the change from September 2026 for families on "
        "Universal Credit and the rules for families with NRPF.",
        "Describe free early education hours for 2-, 3- and 4-year-olds.",
        "Signpost adults to ESOL classes and explain the main funding rules.",
    ],
    "materials": """## A school place for every child
Children of compulsory school age living in England have a right to a place at a state school. Admission authorities must not refuse a child, or remove them from the roll, because of nationality or immigration status. The exceptions are children here as short-term visitors and children on student visas (who must go to fee-paying schools).

Compulsory school age runs from the term after a child's 5th birthday until the last Friday in June of the school year in which they turn 16. After that, young people must stay in education or training until 18.

## Applying
- Normal round: apply through the home council. The deadlines are 31 October for secondary school and 15 January for primary school.
- In-year (arriving mid-year): apply through the council or directly to schools, depending on local rules. The council must tell parents about available places if they ask.
- Parents must be told the outcome in writing within 15 school days.
- A refusal comes with a right of appeal. Councils have a Fair Access Protocol for children who have no place.

## Free school meals
All children in Reception, Year 1 and Year 2 at state schools get free lunches. Families on asylum support are eligible. Changed from September 2026: every child in a household receiving Universal Credit is eligible, whatever the household's income. Families with No Recourse to Public Funds can get free school meals if their income is below set limits (check the current limits with the council). Free school meals are not a public fund.

## Early years
- Every 3- and 4-year-old gets 15 hours a week of free early education.
- Some 2-year-olds get 15 hours a week, for example families on Universal Credit with a low income, families on asylum support, and families with NRPF on a low income. Apply through the council.
- Working parents may get 30 hours a week from when the child is 9 months old (changed September 2025). Parents with NRPF do not meet the residence test on their own.

## English classes (ESOL) for adults
Adult ESOL is funded mainly through the Adult Skills Fund. About 60% of it is devolved to mayoral combined authorities and the Greater London Authority, which set their own rules, so check locally. Under the Department for Education's 2025/26 rules for other areas, ESOL up to Level 2 was fully funded for people who are unemployed or earn under £25,750 a year; check the current year's rules before quoting a figure. Refugees and people with humanitarian protection can join without waiting; asylum seekers usually become eligible once their claim has been waiting 6 months or more. Providers will ask for ID, status and income evidence. Community conversation classes are a good free start while people wait.

Sources to re-check: DfE School Admissions Code 2021 and guidance on admissions for children from overseas, the council's admissions pages, DfE free school meals guidance, Adult Skills Fund funding rules.""",
}

SOCIAL_CARE = {
    "slug": "social-care",
    "order": 60,
    "title": "Social care for adults, children and carers",
    "required": False,
    "refresher_months": None,
    "summary": (
        "What council social care does, how to ask for an assessment for an adult, a carer or "
        "a child in need, and why social care is open to people whatever their immigration "
        "status."
    ),
    "learning_outcomes": [
        "Describe what adult social care and children's social care do, and how to contact them.",
        "Explain that anyone who appears to need care and support can ask the council for a "
        "needs assessment, and carers for a carer's assessment.",
        "Explain that council social care is not a public fund, and that councils can support "
        "some people with NRPF.",
        "Help someone prepare for an assessment: needs, daily routine, language and interpreting.",
    ],
    "materials": """## Adult social care
Under the Care Act 2014 the council must assess any adult who appears to need care and support, for example because of illness, disability, frailty or mental health, whatever their finances. After the assessment the council decides whether the needs meet the national eligibility rules and, if they do, how they will be met (for example help at home, equipment, a day service or a care home). People may have to pay towards some services after a financial assessment.

Carers (unpaid family members or friends) can ask for their own carer's assessment.

## Children's social care
Children's services support children "in need" (section 17 of the Children Act 1989), for example a disabled child or a family who cannot meet a child's basic needs, and protect children at risk of significant harm. Anyone can contact children's services.

## Immigration status
Social care from the council is not a public fund. A council can support a family with a child in need, and may have to meet the care needs of an adult, even if the family has No Recourse to Public Funds. Some groups (for example people in the UK without permission) are excluded from some support unless it is needed to avoid a breach of their human rights; the council's NRPF team decides. Refer questions about how support could affect an immigration application to a regulated adviser.

## How a networker helps
- Help the person contact the council's adult or children's social care front door.
- Ask for an interpreter: the person has a right to understand their assessment. You should not interpret for a formal assessment unless the person and the council agree.
- Help the person list their needs and what a normal day looks like, and keep copies of letters.
- Signpost to an advocacy service or Citizens Advice if the person disagrees with a decision.
- If you think someone is being abused or neglected, follow the safeguarding module.

Sources to re-check: the Care Act 2014 and its statutory guidance, the Children Act 1989, NRPF Network practice guidance.""",
}

SAFEGUARDING = {
    "slug": "safeguarding-adults-and-children",
    "order": 70,
    "title": "Safeguarding adults and children",
    "required": True,
    "refresher_months": 12,
    "summary": (
        "How to recognise abuse, neglect and exploitation, what to do when someone tells you "
        "something worrying, and how to report it the same day to the Designated Safeguarding "
        "Lead."
    ),
    "learning_outcomes": [
        "Recognise the main types of abuse, neglect and exploitation of adults and children, "
        "including modern slavery, domestic abuse and FGM.",
        "Respond well when someone discloses: listen, do not investigate, never promise "
        "secrecy, and write down their own words.",
        "Report the same day to the Designated Safeguarding Lead, and call 999 if someone is in "
        "immediate danger.",
        "Know when and how to refer directly to adult or children's social care, and what the "
        "LADO is for.",
        "Know who makes National Referral Mechanism referrals and that volunteers call the "
        "Modern Slavery & Exploitation Helpline or tell the DSL.",
    ],
    "materials": """## Why this matters
Networkers are trusted. People may tell you things they have told nobody else. Safeguarding means protecting people's health, wellbeing and rights, and helping them live free from abuse and neglect. This module is required before you work with the public, and must be refreshed every 12 months.

## Adults
The council must make enquiries (Care Act 2014, section 42) when it suspects that an adult in its area has care and support needs, is experiencing or at risk of abuse or neglect, and because of those needs cannot protect themselves. Abuse includes physical, sexual, psychological, financial, discriminatory, organisational and domestic abuse, neglect, self-neglect and modern slavery. The six principles are: empowerment, prevention, proportionality, protection, partnership and accountability. Adults have the right to make their own choices: talk with them about what they want, unless someone is in danger.

## Children
Everyone under 18 is a child. Children's services must investigate when they suspect a child is suffering, or likely to suffer, significant harm. The current statutory guidance is Working Together to Safeguard Children 2023. Anyone can refer a child to children's services.

## What you do
- If someone is in immediate danger, call 999.
- Listen calmly. Do not investigate, ask leading questions or confront anyone.
- Never promise to keep a secret. Explain that you may need to tell someone whose job is to help.
- Write down the facts and the person's own words, with the date and time. Keep it secure.
- Report the same day to your Designated Safeguarding Lead (DSL). In Bridges, raise a safeguarding concern: only the safeguarding lead sees it.
- If the DSL is not available or does not act, refer directly to adult or children's social care.
- Allegations about staff or volunteers who work with children go to the council's Local Authority Designated Officer (LADO).

## Modern slavery and exploitation
Only "First Responders" (police, councils and some charities such as The Salvation Army, Migrant Help and Barnardo's) can refer someone to the National Referral Mechanism. Adults must agree to a referral; children do not. Volunteers tell the DSL, call the Modern Slavery & Exploitation Helpline on 08000 121 700, or call 999 in an emergency.

## Female genital mutilation (FGM)
FGM is illegal in the UK, including taking a UK national or resident abroad for it. Teachers and regulated health and social care professionals have a legal duty to report known FGM in under-18s to the police. Volunteers do not have that duty, but must treat FGM or the risk of it as child protection: tell the DSL at once. Call 999 if a girl is about to be taken abroad.

## Changes to watch
The Crime and Policing Bill proposes a duty to report child sexual abuse for people, including volunteers, in regulated activity with children. At the last check it had not been confirmed as law. Your coordinator will tell you if it starts.

Sources to re-check: Care Act 2014 statutory guidance, Working Together to Safeguard Children 2023, the Modern Slavery Helpline, Home Office FGM mandatory reporting guidance.""",
}

DATA_PROTECTION = {
    "slug": "data-protection-and-confidentiality",
    "order": 80,
    "title": "Data protection and confidentiality",
    "required": True,
    "refresher_months": 24,
    "summary": (
        "How to keep people's information safe and confidential: what personal and special "
        "category data are, the lawful bases, consent in practice, breaches, and the changes "
        "made by the Data (Use and Access) Act 2025."
    ),
    "learning_outcomes": [
        "Explain what personal data and special category data are, and why immigration status "
        "must be handled with the same care.",
        "Collect only what is needed: log support without names unless a referral or a "
        "safeguarding concern needs them.",
        "Ask for and record consent before sharing someone's details in a referral, and "
        "explain what will happen to their information.",
        "Recognise a personal data breach and report it to the coordinator at once.",
        "Explain when confidentiality must be broken to keep someone safe.",
    ],
    "materials": """## The basics
UK GDPR and the Data Protection Act 2018 apply to every organisation that keeps records about people, including small charities and volunteer projects. Every use of personal data needs a lawful basis. For support records this is usually legitimate interests or consent; vital interests covers emergencies.

Special category data needs extra protection: racial or ethnic origin, religion or beliefs, health, sex life or sexual orientation, political opinions, trade union membership, and genetic or biometric data. Nationality and immigration status are not special category data in themselves, but they can reveal ethnic origin and can put people at risk, so treat them with the same care. Criminal record information (for example DBS certificates) has its own stricter rules.

## In practice
- Collect only what you need. Bridges logs most support anonymously: do not add names or details "just in case".
- Before you refer someone to a service, explain what you will share, with whom and why, and record their consent.
- Never share information about one person with another, including family members, without the person's agreement (unless safeguarding requires it).
- Do not keep notes about people on your own phone, in personal messaging groups or on paper you take home.
- Lock your phone. Sign out of Bridges on shared devices.
- Give people the programme's privacy notice in a language they understand.

## Confidentiality and its limits
What people tell you is confidential. The exception is safeguarding: if someone is at risk of serious harm, you must tell the Designated Safeguarding Lead, even without consent. Explain this at the start, so nobody is surprised.

## Breaches
A breach is any loss, theft or wrong sharing of personal data: a lost phone, an email to the wrong person, a list left on a bus. Tell your coordinator straight away. The organisation must report serious breaches to the Information Commissioner's Office (ICO) within 72 hours of becoming aware of them, so minutes count.

## What changed (Data (Use and Access) Act 2025)
- Since 19 June 2025, searches for a subject access request need only be "reasonable and proportionate".
- Since 5 February 2026 there is a "recognised legitimate interests" basis for a few listed purposes, including safeguarding and emergencies, with no balancing test.
- Since 19 June 2026 every organisation must have a data protection complaints process: acknowledge a complaint within 30 days, then investigate and reply without undue delay.

Sources to re-check: ICO guidance on lawful basis and special category data, the Data (Use and Access) Act 2025 commencement regulations.""",
}

IMMIGRATION_ADVICE = {
    "slug": "limits-of-immigration-advice",
    "order": 90,
    "title": "The limits of immigration advice: signposting to regulated advisers",
    "required": True,
    "refresher_months": 24,
    "summary": (
        "Giving immigration advice without being regulated is a criminal offence. Networkers "
        "give general information and signpost to regulated advisers; this module shows where "
        "the line is and how to find regulated help."
    ),
    "learning_outcomes": [
        "Explain that giving immigration advice or services without being qualified is a "
        "criminal offence, and why the law exists.",
        "Tell the difference between general information (allowed) and advice about a "
        "particular person's case (not allowed).",
        "Name the regulator, the Immigration Advice Authority (formerly OISC), and find a "
        "regulated adviser or solicitor.",
        "Give correct general information about eVisas, UKVI accounts and share codes without "
        "advising on a case.",
        "Respond safely when someone asks 'what should I apply for?' or asks for help filling "
        "in an immigration form.",
    ],
    "materials": """Networkers do not give immigration advice. You give general information and help people reach a regulated adviser.

## The law
Under section 84 of the Immigration and Asylum Act 1999, nobody may give immigration advice or immigration services unless they are qualified: registered with the regulator, or a solicitor, barrister or chartered legal executive authorised by their professional body, or covered by an exemption. Doing it anyway is a criminal offence, punishable by up to 2 years in prison and/or a fine.

The regulator was the Office of the Immigration Services Commissioner (OISC). Changed 16 January 2025: it is now called the Immigration Advice Authority (IAA). Its role is the same. The Border Security, Asylum and Immigration Act 2025 (Royal Assent 2 December 2025) creates an offence of advertising unlawful immigration services online and strengthens the regulator's powers; check which parts are in force.

## Where the line is
"Immigration advice" is advice about a particular person's case: asylum, visas, leave to remain, nationality, removal, bail or appeals. "Immigration services" means acting for them, for example filling in or submitting their application.

Allowed (general information):
- "eVisas have replaced BRPs. Here is the GOV.UK page about getting access to your eVisa."
- "Here is how to find a regulated adviser. I can help you book the appointment."
- Helping someone keep their letters in order, or go with them to an appointment.

Not allowed (advice or services):
- Telling someone which visa or application to make, or whether they qualify.
- Telling someone what to write on an immigration form, or filling it in for them.
- Saying whether a claim will succeed, or whether they can travel, work or claim benefits with their status.

Why it matters: wrong advice can lead to refusal, loss of status, debt or removal, and can lead to prosecution of the volunteer and the organisation.

## General information you can give: eVisas
- Physical documents (BRPs, visa stickers, stamps) have been replaced by eVisas, an online record of status. Most BRPs expired on 31 December 2024, but the card's expiry is not the end of the person's permission.
- Each person, including each child, needs their own free UKVI account. A phone number and email address they will keep are essential.
- Share codes are 9 characters, last 90 days and work for one purpose: W for work, R for renting, S for other checks.
- Never pay anyone to "get an eVisa": the service is free. Report problems to the UKVI Resolution Centre.

## Finding regulated help
- The IAA adviser finder on GOV.UK (advisers are authorised at Level 1, 2 or 3; check the level covers the case).
- The Law Society's "Find a Solicitor", choosing immigration.
- Legal aid providers for asylum and some other cases (for example trafficking, domestic abuse and unaccompanied children).
- In Bridges, search the directory for regulated immigration advice.
- When you log the contact, tick the need "Immigration": it is recorded as signposting only. Under "Services you signposted to" the form offers the directory's regulated advisers first; choose the one you signposted to.

## What to say
"I'm not allowed to give immigration advice, because it's regulated by law to protect you. I can help you find a free or low-cost regulated adviser and come with you if you want."

Sources to re-check: Immigration and Asylum Act 1999 sections 84 and 91, GOV.UK pages of the Immigration Advice Authority, GOV.UK "Get access to your eVisa".""",
}

NATIONAL_CURRICULUM = [
    HOUSING,
    BENEFITS,
    EMPLOYMENT,
    HEALTH,
    EDUCATION,
    SOCIAL_CARE,
    SAFEGUARDING,
    DATA_PROTECTION,
    IMMIGRATION_ADVICE,
]

for _module in NATIONAL_CURRICULUM:
    _module["last_checked"] = LAST_CHECKED


def city_services_module(*, city: str, council: str, last_checked: date = LAST_CHECKED) -> dict:
    """A starting point for a programme's own module about its city's services. The demo city
    fills it in; a real programme edits it to describe its own council."""
    return {
        "slug": "city-services",
        "order": 95,
        "title": f"{city}'s own services",
        "required": True,
        "refresher_months": 12,
        "last_checked": last_checked,
        "summary": (
            f"How {council} and its partners work: where people go first, the drop-ins and "
            "helplines networkers use every week, and how to raise a community issue."
        ),
        "learning_outcomes": [
            f"Name the front doors of {council} for housing, social care and council tax, and "
            "how to reach each one in another language.",
            "Use the Bridges directory to find a service, check who it is for and what to bring.",
            "Know the weekly drop-ins and language rota, and how to book a shift.",
            "Raise a community issue in Bridges so it reaches the team that owns it.",
        ],
        "materials": "",
    }
