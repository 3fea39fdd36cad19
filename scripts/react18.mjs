console.log("react18: not yet wired");
