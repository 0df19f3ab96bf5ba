namespace BrightFunnel.Warehouse.Generation;

/// <summary>The vocabulary of generated names. Invented, generic words; no real company is meant.</summary>
static class WordLists
{
    /// <summary>First halves of compound company names ("Blue" + "field").</summary>
    public static readonly string[] CompoundHeads =
    [
        "Blue", "North", "South", "East", "West", "Silver", "Golden", "Red", "Green", "Iron", "Stone", "River",
        "Lake", "Sun", "Star", "Moon", "Cloud", "Sky", "Bright", "Clear", "Swift", "True", "Prime", "Apex",
        "Summit", "Peak", "Pine", "Oak", "Maple", "Cedar", "Birch", "Willow", "Harbor", "Bay", "Cove", "Ridge",
        "Valley", "Meadow", "Eagle", "Falcon", "Hawk", "Wolf", "Fox", "Bear", "Lion", "Raven", "Crystal",
        "Quantum", "Vector", "Nova", "Astro", "Terra", "Aqua", "Echo", "Delta", "Sigma", "Omega", "Alpha",
        "Zen", "Nimbus", "Orbit", "Pixel", "Cyber", "Logic", "Metro", "Urban", "Coastal", "Pacific", "Atlantic",
        "Polar", "Arctic", "Granite", "Copper", "Cobalt", "Indigo", "Crimson", "Amber", "Jade", "Ivory", "Onyx",
        "Ruby", "Sapphire", "Emerald", "Horizon", "Frontier", "Pioneer", "Liberty", "Heritage", "Legacy",
        "Keystone", "Beacon", "Anchor", "Compass", "Atlas", "Titan", "Vertex", "Zenith", "Helix", "Fusion",
        "Spark", "Blaze", "Flux", "Pulse", "Wave", "Tide", "Bolt", "Arrow", "Rocket", "Maven", "Nexus", "Lumen",
        "Kinetic", "Solar", "Lunar", "Ember", "Frost", "Thunder", "Cascade", "Sierra", "Redwood", "Aspen",
        "Sequoia", "Juniper", "Hazel", "Sterling", "Bronze", "Mosaic", "Prism", "Radiant", "Vivid", "Bold",
    ];

    /// <summary>Second halves of compound names, lower case.</summary>
    public static readonly string[] CompoundTails =
    [
        "field", "wind", "stone", "bridge", "point", "gate", "works", "wave", "line", "way", "path", "light",
        "core", "craft", "forge", "spring", "brook", "wood", "view", "crest", "hub", "sync", "base", "stack",
        "mark", "scape", "port", "haven", "shore", "dale", "ford", "vale", "mont", "peak", "star", "rise",
        "lane", "well", "ridge", "fly", "bit", "loop", "mind", "leaf", "root", "wing",
    ];

    /// <summary>What a company does, as the second word of its name. None of these is a legal suffix.</summary>
    public static readonly string[] Descriptors =
    [
        "Systems", "Software", "Analytics", "Labs", "Health", "Logistics", "Capital", "Media", "Networks",
        "Solutions", "Technologies", "Consulting", "Energy", "Foods", "Pharmaceuticals", "Manufacturing",
        "Robotics", "Security", "Financial", "Insurance", "Motors", "Aerospace", "Biosciences", "Retail",
        "Studios", "Telecom", "Ventures", "Dynamics", "Devices", "Materials", "Hospitality", "Learning",
        "Realty", "Construction", "Engineering", "Apparel", "Brands", "Interactive", "Digital", "Data",
        "Bank", "Semiconductor", "Medical", "Diagnostics", "Freight", "Marine", "Outdoors", "Payments",
        "Automation", "Instruments", "Chemicals", "Agritech", "Therapeutics", "Mobility", "Cybersecurity",
    ];

    public static readonly string[] Surnames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
        "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez",
        "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart",
        "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
        "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks",
        "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez",
        "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins",
        "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Gonzales",
        "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham",
        "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson",
        "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens",
        "Harrison", "Fernandez", "McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry",
        "Chen", "Freeman", "Webb", "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter",
        "Hunter", "Gordon", "Mendez", "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks",
        "Holmes", "Palmer", "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox",
        "Warren", "Mills", "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens",
        "Soto", "Weaver", "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins",
        "O'Brien", "O'Connor", "D'Angelo", "Müller", "Schröder", "Jørgensen", "Lefèvre", "Núñez", "Kowalski",
        "Novak", "Tanaka", "Suzuki", "Sato", "Singh", "Kumar", "Sharma", "Gupta", "Rossi", "Bianchi", "Dubois",
        "Moreau", "Laurent", "Fischer", "Weber", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein",
    ];

    public static readonly string[] FirstNames =
    [
        "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
        "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
        "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
        "Kenneth", "Dorothy", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa", "Timothy", "Deborah",
        "Ronald", "Stephanie", "Edward", "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
        "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Anna",
        "Stephen", "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Helen",
        "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra", "Frank",
        "Rachel", "Patrick", "Carolyn", "Raymond", "Janet", "Jack", "Catherine", "Dennis", "Maria", "Jerry",
        "Heather", "Tyler", "Diane", "Aaron", "Ruth", "Jose", "Julie", "Adam", "Olivia", "Nathan", "Joyce",
        "Henry", "Virginia", "Douglas", "Victoria", "Zachary", "Kelly", "Peter", "Lauren", "Kyle", "Christina",
        "Priya", "Wei", "Yuki", "Hiroshi", "Arjun", "Mei", "Ahmed", "Fatima", "Carlos", "Sofia", "Lucas",
        "Chloé", "José", "Zoë", "Björn", "François", "Søren", "Jürgen", "Renée", "Ángel", "Inès", "Mateo",
        "Noah", "Liam", "Ava", "Mia", "Ethan", "Harper", "Logan", "Aria", "Chen", "Raj", "Ana", "Ivan", "Olga",
    ];

    public static readonly string[] Titles =
    [
        "VP of Marketing", "Director of Marketing", "Marketing Manager", "Demand Generation Manager",
        "Marketing Operations Manager", "CMO", "Chief Marketing Officer", "VP Sales", "Sales Director",
        "Account Executive", "Sales Operations Manager", "CEO", "CFO", "COO", "CTO", "CIO",
        "VP of Engineering", "Director of IT", "IT Manager", "Software Engineer", "Data Analyst",
        "Business Analyst", "Product Manager", "Director of Product", "Head of Growth", "Growth Marketer",
        "Content Marketing Manager", "Field Marketing Manager", "Procurement Manager", "Controller",
        "Director, Revenue Operations", "Head of Demand Gen, EMEA", "Marketing Coordinator", "Consultant",
        "Operations Manager", "General Manager", "Founder", "Owner", "Student", "Intern",
    ];

    public static readonly string[] Personas = ["Decision Maker", "Economic Buyer", "Champion", "Influencer", "End User", "Technical Evaluator"];

    public static readonly string[] LeadSources =
    [
        "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other", "Advertisement", "Employee Referral",
        "External Referral", "Trade Show", "Webinar", "Word of mouth", "Content Syndication",
    ];

    public static readonly string[] Industries =
    [
        "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications", "Construction",
        "Consulting", "Education", "Electronics", "Energy", "Engineering", "Entertainment", "Environmental",
        "Finance", "Food & Beverage", "Government", "Healthcare", "Hospitality", "Insurance", "Machinery",
        "Manufacturing", "Media", "Not For Profit", "Other", "Recreation", "Retail", "Shipping", "Technology",
        "Telecommunications", "Transportation", "Utilities",
    ];

    public static readonly string[] AccountTypes =
    [
        "Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Installation Partner",
        "Technology Partner", "Other",
    ];

    /// <summary>Free-mail providers used by people with no work address (the six named in docs/attribution.md).</summary>
    public static readonly string[] FreeMailDomains = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com"];

    /// <summary>Subdomains that appear in work email addresses and websites.</summary>
    public static readonly string[] Subdomains = ["emea", "us", "na", "eu", "uk", "apac", "corp", "mail", "de", "global"];

    public static readonly string[] ProductWords =
    [
        "Platform", "Enterprise License", "Expansion", "Renewal", "Pilot", "Add-on Seats", "Analytics Suite",
        "Professional Services", "Upgrade", "Migration", "Premium Support", "New Logo", "Cross-sell", "Data Package",
    ];

    public static readonly string[] NoteFragments =
    [
        "Key account, exec sponsor is the CMO.",
        "Renewal due in Q3, talk to \"procurement\" first.",
        "Prefers email; do not call before 10am.",
        "Multi-year deal signed, see contract folder.",
        "Acquired a competitor last year, expect consolidation.",
        "Billing contact changed, update invoices.",
        "Budget cycle starts in October, plan accordingly.",
        "Uses a competitor for web analytics; open to switch.",
        "Partner-sourced; co-sell with the \"channel\" team.",
        "Churn risk: low usage, schedule a QBR.",
    ];
}
